package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.web.IsoDates;
import cn.chengyu.pass.web.ProblemException;

import java.time.YearMonth;

/** The {@code {month}} of settlement paths: YYYY-MM. */
final class Months {

    private Months() {
    }

    static YearMonth parse(String month) {
        return IsoDates.month(month).orElseThrow(() -> ProblemException.invalidField("month", "must be a month as YYYY-MM"));
    }
}
