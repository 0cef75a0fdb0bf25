package cn.chengyu.pass.settlement;

import cn.chengyu.pass.card.Category;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/** One rate of a site's tariff version, as the catalog stores it; {@link Pricing} is what the rules read. */
@Entity
@Table(name = "tariff")
@IdClass(Tariff.Key.class)
public class Tariff {

    @Id
    public String siteCode;

    @Id
    public LocalDate effectiveFrom;

    @Id
    public String productCode;

    @Id
    @Enumerated(EnumType.STRING)
    public Category category;

    public int amountFen;

    public Pricing.Rate rate() {
        return new Pricing.Rate(effectiveFrom, productCode, category, amountFen);
    }

    /** The primary key: site, effective date, product and category. */
    public static class Key implements Serializable {
        public String siteCode;
        public LocalDate effectiveFrom;
        public String productCode;
        public Category category;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(siteCode, key.siteCode)
                    && Objects.equals(effectiveFrom, key.effectiveFrom) && Objects.equals(productCode, key.productCode)
                    && category == key.category;
        }

        @Override
        public int hashCode() {
            return Objects.hash(siteCode, effectiveFrom, productCode, category);
        }
    }
}
