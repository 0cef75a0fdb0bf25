package cn.chengyu.pass.card;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardNumberTest {

    @Test
    void numbersAreSixteenDigitsWithALuhnCheckDigit() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String number = CardNumber.random();
            assertTrue(number.matches("^[1-9][0-9]{15}$"), number);
            assertTrue(CardNumber.isValid(number), number);
            seen.add(number);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void knownLuhnNumbersCheck() {
        assertTrue(CardNumber.isValid("4539578763621486"));
        assertTrue(CardNumber.isValid("6011000990139424"));
        assertFalse(CardNumber.isValid("4539578763621487"));
        assertFalse(CardNumber.isValid("453957876362148"));
        assertFalse(CardNumber.isValid("45395787636214a6"));
    }

    @Test
    void consecutiveNumbersAreNotSequential() {
        String first = CardNumber.random();
        String second = CardNumber.random();
        long gap = Math.abs(Long.parseLong(first.substring(0, 15)) - Long.parseLong(second.substring(0, 15)));
        assertTrue(gap > 1_000, first + " then " + second);
    }
}
