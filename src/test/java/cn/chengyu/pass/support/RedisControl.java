package cn.chengyu.pass.support;

import cn.chengyu.pass.redis.RedisGuard;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Stops and restarts the tests' Redis, to prove the service does not need it. */
public final class RedisControl {

    private RedisControl() {
    }

    public static int port() {
        return URI.create(ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class)).getPort();
    }

    public static void stop() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port()); OutputStream out = socket.getOutputStream()) {
            out.write("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read();
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !isUp());
    }

    /** Starts it again, and waits until the service's calls reach it (its breaker closed again). */
    public static void start() throws Exception {
        RedisServer.newRedisServer().port(port()).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .onShutdownForceStop(true).build().start();
        awaitThroughTheGuard();
    }

    /**
     * Waits until a call of the service's reaches Redis: a test that stopped Redis, or held its
     * commands, leaves the service skipping it for a few seconds ({@link RedisGuard}'s breaker).
     */
    public static void awaitThroughTheGuard() {
        RedisGuard guard = Arc.container().instance(RedisGuard.class).get();
        ReactiveRedisDataSource redis = Arc.container().instance(ReactiveRedisDataSource.class).get();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> guard.call(() -> redis.execute("PING")).await().indefinitely() != null);
    }

    public static boolean isUp() {
        try (Socket ignored = new Socket("127.0.0.1", port())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
