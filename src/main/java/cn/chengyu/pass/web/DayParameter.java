package cn.chengyu.pass.web;

import java.time.LocalDate;

/**
 * Date parameters (YYYY-MM-DD), among them the {@code date} query parameter of reads about a business
 * day (sessions, bookings, live route status): from yesterday (a night session may still run) to
 * {@code daysAhead} days on; today when left out.
 */
public final class DayParameter {

    private DayParameter() {
    }

    /** The day asked about, or a 400 problem naming the field. */
    public static LocalDate parse(String date, LocalDate today, int daysAhead) {
        if (date == null || date.isEmpty()) {
            return today;
        }
        LocalDate day = date("date", date);
        if (day.isBefore(today.minusDays(1)) || day.isAfter(today.plusDays(daysAhead))) {
            throw ProblemException.invalidField("date", "must be from " + today.minusDays(1) + " to " + today.plusDays(daysAhead));
        }
        return day;
    }

    /** A date parameter (YYYY-MM-DD) named {@code field}, or a 400 problem naming it. */
    public static LocalDate date(String field, String value) {
        return IsoDates.day(value).orElseThrow(() -> ProblemException.invalidField(field, "must be a date as YYYY-MM-DD"));
    }
}
