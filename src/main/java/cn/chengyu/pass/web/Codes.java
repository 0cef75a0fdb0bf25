package cn.chengyu.pass.web;

/** The format of site and route codes, for every place that accepts one. */
public final class Codes {

    public static final String PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public static final String MESSAGE = "must be lower-case words joined by '-'";

    private Codes() {
    }
}
