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

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

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
