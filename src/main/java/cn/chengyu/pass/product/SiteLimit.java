package cn.chengyu.pass.product;

/** How often one card may enter one site. */
public enum SiteLimit {
    /** At most once per site per Asia/Shanghai day. */
    ONCE_PER_SITE_PER_DAY,
    /** At most once per site for the life of the card. */
    ONCE_PER_SITE
}
