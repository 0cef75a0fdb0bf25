package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.settlement.Pricing;
import cn.chengyu.pass.settlement.SettlementLine;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;

import java.time.LocalDate;
import java.util.List;

/** A site as admission needs it: its status, its sessions, and its tariffs to price admissions with. */
public record SiteRules(String code, SiteStatus status, Province province, List<Session> sessions, Pricing pricing) {

    /** The settlement line of an admission here: priced by the tariffs, DISPUTED when it stands on a conflict. */
    public Charge charge(CardRules card, LocalDate day, Reason conflict) {
        return card == null
                ? new Charge(province, null, null, Pricing.Price.NONE, conflict)
                : new Charge(province, card.productCode(), card.category(),
                        pricing.price(card.productCode(), card.category(), day), conflict);
    }

    /** The settlement line of an admission: its price, and the conflict that makes it DISPUTED (null: PAYABLE). */
    public record Charge(Province province, String productCode, Category category, Pricing.Price price, Reason conflict) {

        public SettlementLine.Status status() {
            return conflict == null ? SettlementLine.Status.PAYABLE : SettlementLine.Status.DISPUTED;
        }
    }
}
