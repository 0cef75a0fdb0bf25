package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.web.ProblemException;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** The {@code {month}} of settlement paths: YYYY-MM. */
final class Months {

    private Months() {
    }

    static YearMonth parse(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException notAMonth) {
            throw ProblemException.invalidField("month", "must be a month as YYYY-MM");
        }
    }
}
