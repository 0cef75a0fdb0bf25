package cn.chengyu.pass.site;

/** Whether a site admits visitors at all (opening hours apply on top). */
public enum SiteStatus {
    OPEN,
    CLOSED
}
