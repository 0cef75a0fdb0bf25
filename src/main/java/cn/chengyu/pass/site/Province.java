package cn.chengyu.pass.site;

/** The two provincial-level divisions of the twin-city region. */
public enum Province {
    CHONGQING,
    SICHUAN
}
