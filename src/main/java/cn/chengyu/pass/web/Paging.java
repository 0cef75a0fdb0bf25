package cn.chengyu.pass.web;

/** Paging limits shared by every list endpoint. */
public final class Paging {

    /** The page size when none is asked for (a string: annotations take it as the parameter's default). */
    public static final String DEFAULT_SIZE = "20";
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 100_000;

    private Paging() {
    }
}
