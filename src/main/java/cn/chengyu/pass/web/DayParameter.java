package cn.chengyu.pass.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Date parameters (YYYY-MM-DD), among them the {@code date} query parameter of reads about a business
 * day (sessions, bookings, live route status): from yesterday (a night session may still run) to
 * {@code daysAhead} days on; today when left out.
 */
public final class DayParameter {

    /** A year of four digits: the ISO parser alone also takes signed years of up to nine, which no date column holds. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

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
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException noSuchDay) {
                // 2026-02-30: answered below
            }
        }
        throw ProblemException.invalidField(field, "must be a date as YYYY-MM-DD");
    }
}
