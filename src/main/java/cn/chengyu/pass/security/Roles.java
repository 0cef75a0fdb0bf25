package cn.chengyu.pass.security;

/** The roles of the {@code groups} claim. */
public final class Roles {

    /** A mobile-app user; owns the cards issued to its subject. */
    public static final String HOLDER = "holder";
    /** One ticket gate; its subject is the gate id and its {@code site} claim the site it stands at. */
    public static final String GATE = "gate";
    /** A route operator; owns the routes it created. */
    public static final String OPERATOR = "operator";
    /** A site's own staff; its {@code site} claim names the site whose settlement it reads. */
    public static final String PARTNER = "partner";
    /** The card authority's back office. */
    public static final String ADMIN = "admin";

    /** The claim naming the site a gate stands at, or a partner works for. */
    public static final String SITE_CLAIM = "site";

    private Roles() {
    }
}
