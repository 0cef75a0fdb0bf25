package cn.chengyu.pass.embedded;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real redis-server for dev mode and tests, started at most once per JVM and stopped with it.
 */
public final class EmbeddedRedisServer {

    private static final String PORT_PROPERTY = "chengyu.embedded.redis.port";
    static final String PID_FILE = "redis.pid";

    private EmbeddedRedisServer() {
    }

    /** Starts the server on a free port with its files in {@code dataDirectory}; returns the Redis settings. */
    public static Map<String, String> start(Path dataDirectory, boolean persistent) {
        int port = JvmWide.port(PORT_PROPERTY, () -> launch(dataDirectory, persistent));
        return Map.of("quarkus.redis.hosts", "redis://localhost:" + port);
    }

    private static int launch(Path dataDirectory, boolean persistent) {
        try {
            Files.createDirectories(dataDirectory);
            StaleProcesses.stopRedisOf(dataDirectory);
            int port = FreePort.find();
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dataDirectory.toAbsolutePath())
                    .setting("pidfile " + dataDirectory.toAbsolutePath().resolve(PID_FILE))
                    .setting(persistent ? "save 60 1" : "save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis in " + dataDirectory, e);
        }
    }
}
