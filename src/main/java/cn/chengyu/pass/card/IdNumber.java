package cn.chengyu.pass.card;

import cn.chengyu.pass.web.ProblemException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * A resident identity card number (GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence, ISO 7064 MOD 11-2 check character. It lives only in memory while a card is
 * issued: callers keep its keyed hash and {@link #masked()} form, never the number. Its
 * {@code toString} is masked so that it cannot leak into a log line by accident.
 */
public final class IdNumber {

    public static final String FIELD = "holder.idNumber";

    private static final Pattern SHAPE = Pattern.compile("^[0-9]{17}[0-9X]$");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    private final String value;
    private final LocalDate birthDate;

    private IdNumber(String value, LocalDate birthDate) {
        this.value = value;
        this.birthDate = birthDate;
    }

    /** Checks a raw number; a failure is a 400 problem that never repeats the number. */
    public static IdNumber parse(String raw, LocalDate today) {
        String value = raw == null ? "" : raw.strip().toUpperCase();
        if (value.length() != 18) {
            throw invalid("must be 18 characters");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw invalid("must be 17 digits and a check digit or X");
        }
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(Integer.parseInt(value.substring(6, 10)),
                    Integer.parseInt(value.substring(10, 12)), Integer.parseInt(value.substring(12, 14)));
        } catch (DateTimeException e) {
            throw invalid("does not contain a valid birth date");
        }
        if (birthDate.isAfter(today) || birthDate.isBefore(EARLIEST_BIRTH)) {
            throw invalid("does not contain a plausible birth date");
        }
        if (value.charAt(17) != checkCharacter(value)) {
            throw invalid("has a wrong check character");
        }
        return new IdNumber(value, birthDate);
    }

    static char checkCharacter(String value) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (value.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    private static ProblemException invalid(String message) {
        return ProblemException.invalidField(FIELD, message);
    }

    /** The normalised number, for the keyed hash only. */
    public String value() {
        return value;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    /** First 3 and last 4 characters, the rest starred: {@code 510***********123X}. */
    public String masked() {
        return value.substring(0, 3) + "*".repeat(11) + value.substring(14);
    }

    @Override
    public String toString() {
        return masked();
    }
}
