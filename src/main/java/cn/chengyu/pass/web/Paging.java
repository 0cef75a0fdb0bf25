package cn.chengyu.pass.web;

/** Paging limits shared by every list endpoint. */
public final class Paging {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 100_000;

    private Paging() {
    }
}
