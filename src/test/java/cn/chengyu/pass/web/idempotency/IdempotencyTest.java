package cn.chengyu.pass.web.idempotency;

import cn.chengyu.pass.support.Rows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request under an Idempotency-Key whose client leaves (a phone's timeout: the REST layer then
 * cancels the request) still stores its answer once its work ends, since the work's own
 * transaction commits regardless: the client's retry gets that answer, not a 409 "in flight" and,
 * a minute later, the work run a second time.
 */
@QuarkusTest
class IdempotencyTest {

    private static final Map<String, Object> REQUEST = Map.of("site", "cq-hongyadong", "session", "night");
    private static final String PATH = "/api/v1/cards/c/reservations";

    @Inject
    Idempotency idempotency;

    @Inject
    AgroalDataSource database;

    @Test
    void theFirstAnswerIsStoredWhenItsClientLeftBeforeIt() {
        String caller = "leaver-" + UUID.randomUUID();
        CompletableFuture<StoredAnswer> work = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        Cancellable request = idempotency.once(caller, "key-1", REQUEST, PATH, () -> {
            started.set(true);
            return Uni.createFrom().completionStage(work);
        }).subscribe().with(response -> { }, failure -> { });
        await().atMost(Duration.ofSeconds(10)).untilTrue(started);

        request.cancel();
        work.complete(idempotency.answer(201, Map.of("id", "first")));

        await().atMost(Duration.ofSeconds(10)).until(() -> Rows.count(database,
                "SELECT count(*) FROM idempotency_record WHERE caller = ? AND status = 201", caller) == 1);
        Response retry = idempotency.once(caller, "key-1", REQUEST, PATH,
                        () -> Uni.createFrom().failure(new AssertionError("the work ran twice")))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(201, retry.getStatus());
        assertEquals("{\"id\":\"first\"}", retry.getEntity());
    }
}
