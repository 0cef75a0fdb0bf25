package cn.chengyu.pass.support;

import cn.chengyu.pass.embedded.EmbeddedPostgresServer;
import cn.chengyu.pass.embedded.EmbeddedRedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the embedded PostgreSQL and Redis on random ports for the tests, unless the standard
 * variables point at real servers. The servers live as long as the test JVM.
 */
public class EmbeddedServersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        try {
            if (System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") == null) {
                config.putAll(EmbeddedPostgresServer.start(Files.createTempDirectory("chengyu-test-pg"), false));
            }
            if (System.getenv("QUARKUS_REDIS_HOSTS") == null) {
                config.putAll(EmbeddedRedisServer.start(Files.createTempDirectory("chengyu-test-redis"), false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        // The servers are shared by every test class in this JVM and stop with it.
    }

    /** A file under src/test/resources as an absolute path, for a process that does not see the test classpath. */
    protected static String testResource(String name) {
        return Path.of("src/test/resources", name).toAbsolutePath().toString();
    }
}
