package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.web.ProblemException;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code {month}} of settlement paths: YYYY-MM, a year of four digits (the ISO parser alone also
 * takes signed years of up to nine digits, which no date column can hold).
 */
final class Months {

    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private Months() {
    }

    static YearMonth parse(String month) {
        if (MONTH.matcher(month).matches()) {
            try {
                return YearMonth.parse(month);
            } catch (DateTimeParseException noSuchMonth) {
                // 2026-13: answered below
            }
        }
        throw ProblemException.invalidField("month", "must be a month as YYYY-MM");
    }
}
