package cn.chengyu.pass.entry;

/** Why a scan was denied (or, for an offline admission, why the rules would deny it now). */
public enum Reason {
    PASS_INVALID,
    PASS_EXPIRED,
    CARD_UNKNOWN,
    CARD_SUSPENDED,
    CARD_REVOKED,
    CARD_REPLACED,
    CARD_EXPIRED,
    ALREADY_ENTERED,
    SITE_CLOSED,
    SITE_FULL,
    NO_RESERVATION
}
