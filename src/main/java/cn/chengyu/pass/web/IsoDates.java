package cn.chengyu.pass.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Days and months as clients write them in paths and query parameters: YYYY-MM-DD and YYYY-MM, a
 * year of four digits (ISO also writes signed years of up to nine digits, which no date column holds).
 */
public final class IsoDates {

    /** A day's shape, YYYY-MM-DD (also the pattern the OpenAPI document gives such parameters). */
    public static final String DAY_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
    /** A month's shape, YYYY-MM. */
    public static final String MONTH_PATTERN = "^\\d{4}-\\d{2}$";

    private static final Pattern DAY = Pattern.compile(DAY_PATTERN);
    private static final Pattern MONTH = Pattern.compile(MONTH_PATTERN);

    private IsoDates() {
    }

    /** The day written, or empty for anything else (2026-02-30 too). */
    public static Optional<LocalDate> day(String text) {
        return parsed(DAY, text, LocalDate::parse);
    }

    /** The month written, or empty for anything else (2026-13 too). */
    public static Optional<YearMonth> month(String text) {
        return parsed(MONTH, text, YearMonth::parse);
    }

    private static <T> Optional<T> parsed(Pattern shape, String text, Function<String, T> parse) {
        if (text == null || !shape.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(text));
        } catch (DateTimeParseException noSuchDay) {
            return Optional.empty();
        }
    }
}
