package cn.chengyu.pass.web;

import java.util.function.Predicate;

/** Looks through a failure's chain of causes, where a framework wraps the failure that matters. */
final class Causes {

    private Causes() {
    }

    /** True when {@code failure} or any of its causes passes {@code test}. */
    static boolean any(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
