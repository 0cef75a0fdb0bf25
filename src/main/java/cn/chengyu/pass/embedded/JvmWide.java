package cn.chengyu.pass.embedded;

import java.util.function.IntSupplier;

/**
 * Starts a server at most once per JVM. The port is kept in a system property, not a static
 * field, because a dev-mode reload runs the application again in a fresh class loader.
 */
final class JvmWide {

    private JvmWide() {
    }

    static synchronized int port(String property, IntSupplier launch) {
        String running = System.getProperty(property);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int port = launch.getAsInt();
        System.setProperty(property, Integer.toString(port));
        return port;
    }
}
