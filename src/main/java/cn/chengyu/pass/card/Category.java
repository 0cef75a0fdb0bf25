package cn.chengyu.pass.card;

import java.time.LocalDate;
import java.time.Period;

/** Fare category, fixed at issue from the holder's birth date. */
public enum Category {
    ADULT,
    /** 60 or older on the day of issue. */
    SENIOR,
    /** Under 18 on the day of issue. */
    MINOR;

    public static Category of(LocalDate birthDate, LocalDate issueDay) {
        int age = Period.between(birthDate, issueDay).getYears();
        if (age >= 60) {
            return SENIOR;
        }
        return age < 18 ? MINOR : ADULT;
    }
}
