package cn.chengyu.pass.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL for dev mode and tests, started at most once per JVM and stopped with it.
 */
public final class EmbeddedPostgresServer {

    private static final String PORT_PROPERTY = "chengyu.embedded.postgres.port";
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";

    private EmbeddedPostgresServer() {
    }

    /**
     * Starts the server on a free port, keeping its data in {@code dataDirectory}
     * (kept across starts when {@code persistent}), and returns the datasource settings.
     */
    public static Map<String, String> start(Path dataDirectory, boolean persistent) {
        int port = JvmWide.port(PORT_PROPERTY, () -> launch(dataDirectory, persistent));
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/" + DATABASE,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/" + DATABASE,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "");
    }

    private static int launch(Path dataDirectory, boolean persistent) {
        try {
            Files.createDirectories(dataDirectory);
            StaleProcesses.stopPostgresOf(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(!persistent)
                    .setPort(FreePort.find())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", persistent ? "on" : "off")
                    .setServerConfig("timezone", "UTC")
                    .setRegisterShutdownHook(true)
                    .start();
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
