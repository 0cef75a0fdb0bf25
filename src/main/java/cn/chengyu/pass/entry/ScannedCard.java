package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.Category;

/** What a gate may learn of the card it scanned. */
public record ScannedCard(String number, String productCode, Category category) {
}
