package cn.chengyu.pass.card;

import java.security.SecureRandom;

/** Card numbers: 15 random digits and a Luhn check digit, so numbers are neither sequential nor guessable. */
public final class CardNumber {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CardNumber() {
    }

    public static String random() {
        StringBuilder digits = new StringBuilder(16);
        digits.append(1 + RANDOM.nextInt(9));
        for (int i = 1; i < 15; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.append(checkDigit(digits)).toString();
    }

    /** Whether a 16-digit number carries a valid Luhn check digit. */
    public static boolean isValid(String number) {
        return number != null && number.matches("^[0-9]{16}$")
                && checkDigit(number.substring(0, 15)) == number.charAt(15) - '0';
    }

    static int checkDigit(CharSequence payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int digit = payload.charAt(payload.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }
}
