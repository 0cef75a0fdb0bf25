package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.settlement.Statement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** A statement's rows as RFC 4180 CSV: a header, CRLF line ends, fields quoted where they must be. */
final class StatementCsv {

    static final String MEDIA_TYPE = "text/csv";

    private static final String CRLF = "\r\n";

    private StatementCsv() {
    }

    static byte[] of(Statement statement) {
        StringBuilder csv = new StringBuilder("month,site,province,productCode,category,admissions,amountFen,amountYuan,disputedFen").append(CRLF);
        for (Statement.ProductTotal row : statement.byProduct()) {
            csv.append(field(statement.month())).append(',').append(field(statement.site())).append(',')
                    .append(statement.province()).append(',').append(field(row.productCode())).append(',')
                    .append(row.category() == null ? "" : row.category().name()).append(',').append(row.admissions()).append(',')
                    .append(row.amountFen()).append(',').append(yuan(row.amountFen())).append(',').append(row.disputedFen())
                    .append(CRLF);
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Fen as yuan with two decimals. */
    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
