package cn.chengyu.pass.card;

/** Who suspended a card: its holder (a lost phone, say) or the card authority (misuse, say). */
public enum Suspender {
    /** The holder; the holder or the authority may lift it. */
    HOLDER,
    /** The card authority, with a reason; only the authority lifts it, and the holder may not replace the card. */
    AUTHORITY
}
