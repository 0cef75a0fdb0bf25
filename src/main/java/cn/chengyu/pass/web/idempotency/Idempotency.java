package cn.chengyu.pass.web.idempotency;

import cn.chengyu.pass.PassConfig;
import cn.chengyu.pass.security.PiiHasher;
import cn.chengyu.pass.web.Problem;
import cn.chengyu.pass.web.ProblemException;
import cn.chengyu.pass.web.ProblemRenderer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a write at most once per caller and {@code Idempotency-Key}: the same key and body get the
 * stored answer (status and body alike), the same key with another body 422, and the same key
 * while the first request is still running 409. Answers that are problems the client caused are
 * stored too; a failure of the service itself frees the key for a retry.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 100;

    private static final Logger LOG = Logger.getLogger(Idempotency.class);
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1," + MAX_KEY_LENGTH + "}$");
    /** A claim older than this with no answer belongs to a request that died; a retry may take it over. */
    private static final Duration IN_FLIGHT_TIMEOUT = Duration.ofSeconds(60);

    private final IdempotencyRepository records;
    private final ProblemRenderer problems;
    private final ObjectMapper json;
    private final PiiHasher pii;
    private final Pool pool;
    private final Duration retention;

    public Idempotency(IdempotencyRepository records, ProblemRenderer problems, ObjectMapper json, PiiHasher pii,
                       Pool pool, PassConfig config) {
        this.records = records;
        this.pool = pool;
        this.problems = problems;
        this.json = json;
        this.pii = pii;
        this.retention = config.idempotencyRetention();
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalStateException("pass.idempotency-retention must be at least 24 hours");
        }
    }

    /** Checks the header: present, printable ASCII, at most 100 characters. */
    public static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw ProblemException.invalidField(HEADER, "header is required");
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalidField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        return key;
    }

    /**
     * Answers the request once. {@code work} produces the first answer; {@code path} is the request
     * path (problems name it as their instance).
     */
    public Uni<Response> once(String caller, String key, Object request, String path, Supplier<Uni<StoredAnswer>> work) {
        String hash = fingerprint(path, request);
        return claim(caller, key, hash).flatMap(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(stored.toResponse());
            }
            Uni<StoredAnswer> first = Uni.createFrom().deferred(work::get)
                    .onFailure(ProblemException.class).recoverWithItem(failure ->
                            new StoredAnswer(((ProblemException) failure).status(), Problem.MEDIA_TYPE,
                                    problems.render((ProblemException) failure, path)))
                    .call(answer -> records.complete(caller, key, answer))
                    .onFailure().call(failure -> records.release(caller, key).onFailure().recoverWithNull())
                    .memoize().indefinitely();
            // The work and the storing of its answer run to their end even when the client leaves meanwhile (a
            // phone's timeout): the work's own transaction commits regardless, and its retry must find the answer.
            first.subscribe().with(answer -> { }, failure -> LOG.debugf("Request under Idempotency-Key failed: %s", failure));
            return first.map(StoredAnswer::toResponse);
        });
    }

    /** The request's keyed fingerprint: a card request holds an ID number, which no plain digest may reveal. */
    private String fingerprint(String path, Object request) {
        try {
            return pii.fingerprint(path, json.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint a request", e);
        }
    }

    /** Serialises a first answer. */
    public StoredAnswer answer(int status, Object body) {
        try {
            return new StoredAnswer(status, MediaType.APPLICATION_JSON, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer could not be written", e);
        }
    }

    /** Claims the key; answers the stored answer of an earlier request, or null when this one is to run. */
    private Uni<StoredAnswer> claim(String caller, String key, String hash) {
        return pool.withTransaction(transaction -> records.claim(transaction, caller, key, hash).flatMap(claimed -> claimed
                ? Uni.createFrom().nullItem()
                : records.find(transaction, caller, key, IN_FLIGHT_TIMEOUT)
                        .flatMap(record -> judge(transaction, caller, key, hash, record))));
    }

    private Uni<StoredAnswer> judge(SqlConnection transaction, String caller, String key, String hash,
                                    IdempotencyRepository.Record record) {
        if (record == null) {
            return Uni.createFrom().failure(ProblemException.conflict("The Idempotency-Key was just released; retry."));
        }
        if (!record.requestHash().equals(hash)) {
            return Uni.createFrom().failure(new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was already used with another request body.", null));
        }
        if (record.answer() != null) {
            return Uni.createFrom().item(record.answer());
        }
        if (record.abandoned()) {
            return records.takeOver(transaction, caller, key, IN_FLIGHT_TIMEOUT).flatMap(taken -> taken
                    ? Uni.createFrom().nullItem()
                    : Uni.createFrom().failure(inFlight()));
        }
        return Uni.createFrom().failure(inFlight());
    }

    private static ProblemException inFlight() {
        return new ProblemException(409, "idempotency-key-in-flight", "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.", null);
    }

    /** Forgets keys past their retention, hourly. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldKeys() {
        return records.forgetOlderThan(retention)
                .invoke(forgotten -> LOG.debugf("Forgot %d idempotency keys past retention", forgotten))
                .onFailure().invoke(failure -> LOG.warn("Could not forget old idempotency keys", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
