package cn.chengyu.pass.support;


import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Valid resident ID numbers made up for tests: random region and sequence, a chosen birth date, a correct check character. */
public final class TestIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private TestIds() {
    }

    public static String bornOn(LocalDate birthDate) {
        String body = String.format("%06d", 110000 + RANDOM.nextInt(550000))
                + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", RANDOM.nextInt(1000));
        return body + check(body);
    }

    public static String adult() {
        return bornOn(LocalDate.of(1970 + RANDOM.nextInt(30), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28)));
    }

    public static String senior() {
        return bornOn(LocalDate.of(1930 + RANDOM.nextInt(25), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28)));
    }

    public static String minor() {
        return bornOn(TestClock.today().minusYears(5 + RANDOM.nextInt(10)).withDayOfMonth(1));
    }

    public static String endingInX() {
        String id;
        do {
            id = adult();
        } while (id.charAt(17) != 'X');
        return id;
    }

    public static char check(String body) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** The same number with a check character that is wrong. */
    public static String withWrongCheck(String valid) {
        char wrong = valid.charAt(17) == '1' ? '2' : '1';
        return valid.substring(0, 17) + wrong;
    }
}
