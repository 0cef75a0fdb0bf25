package cn.chengyu.pass.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ready only while PostgreSQL answers. It is asked on a connection of the check's own, with the
 * settings of the pool that serves requests but outside it: on a holiday peak every connection of
 * that pool is busy with scans and the ask would queue behind them, and a busy replica is not one
 * whose database is down (taken out of service, it would only move its load to the others, all as
 * busy, until none is left). (The JDBC datasource exists for migrations alone, so its built-in check
 * is switched off.)
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements AsyncHealthCheck {

    /** How long the check waits for PostgreSQL; the readiness probe of k8s/ waits longer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String REACTIVE_PREFIX = "vertx-reactive:";

    /** Null without a URL (the image's class-data start, which connects nothing; a service is refused one at start). */
    private final Pool probe;

    public DatabaseHealthCheck(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
                               @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                               @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.probe = url.map(present -> probe(vertx, present, username, password)).orElse(null);
    }

    /**
     * The check's pool: the URL carries what the connection needs besides the credentials, TLS included
     * (?sslmode=require); the check reads no other datasource setting.
     */
    private static Pool probe(Vertx vertx, String url, Optional<String> username, Optional<String> password) {
        String uri = url.startsWith(REACTIVE_PREFIX) ? url.substring(REACTIVE_PREFIX.length()) : url;
        PgConnectOptions options = PgConnectOptions.fromUri(uri)
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setTcpKeepAlive(true)
                // a check that hangs on a connection a firewall dropped closes it (probes come every few seconds)
                .setIdleTimeout(15)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return Pool.pool(vertx, options, new PoolOptions().setMaxSize(1)
                .setIdleTimeout(1).setIdleTimeoutUnit(TimeUnit.MINUTES)
                .setMaxLifetime(5).setMaxLifetimeUnit(TimeUnit.MINUTES));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (probe == null) {
            return Uni.createFrom().item(HealthCheckResponse.named("postgresql").down()
                    .withData("reason", "No PostgreSQL URL is set").build());
        }
        return probe.query("SELECT 1").execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> HealthCheckResponse.named("postgresql").up().build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("postgresql").down()
                        .withData("reason", "PostgreSQL does not answer")
                        .build());
    }

    @PreDestroy
    void close() {
        if (probe != null) {
            probe.closeAndForget();
        }
    }
}
