package cn.chengyu.pass.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Ready only while PostgreSQL answers on the reactive pool that serves requests. (The JDBC
 * datasource exists for migrations alone, so its built-in check is switched off.)
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Pool pool;

    public DatabaseHealthCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(TIMEOUT).fail()
                .map(rows -> HealthCheckResponse.named("postgresql").up().build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("postgresql").down()
                        .withData("reason", "PostgreSQL does not answer")
                        .build());
    }
}
