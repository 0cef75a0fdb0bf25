package cn.chengyu.pass.web.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/** The idempotency records: one row per caller and key, claimed before the work and completed after it. */
@ApplicationScoped
public class IdempotencyRepository {

    /** A stored record: its request fingerprint and, once complete, its answer. */
    public record Record(String requestHash, StoredAnswer answer, boolean abandoned) {
    }

    /** Claims the key for this request; answers false when the caller already used it. */
    public Uni<Boolean> claim(String caller, String key, String requestHash) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO idempotency_record (caller, key, request_hash) VALUES (:caller, :key, :hash)
                        ON CONFLICT DO NOTHING
                        """)
                .setParameter("caller", caller)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    public Uni<Record> find(String caller, String key, Duration inFlightTimeout) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT request_hash, status, content_type, body,
                               (status IS NULL AND created_at < now() - make_interval(secs => :timeout)) AS abandoned
                        FROM idempotency_record WHERE caller = :caller AND key = :key
                        """, Object[].class)
                .setParameter("caller", caller)
                .setParameter("key", key)
                .setParameter("timeout", (double) inFlightTimeout.toSeconds())
                .getResultList()
                .map(IdempotencyRepository::toRecord));
    }

    private static Record toRecord(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        StoredAnswer answer = row[1] == null ? null
                : new StoredAnswer(((Number) row[1]).intValue(), (String) row[2], (String) row[3]);
        return new Record((String) row[0], answer, Boolean.TRUE.equals(row[4]));
    }

    /** Takes over a claim whose first request died before completing it. */
    public Uni<Boolean> takeOver(String caller, String key, Duration inFlightTimeout) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        UPDATE idempotency_record SET created_at = now()
                        WHERE caller = :caller AND key = :key AND status IS NULL
                          AND created_at < now() - make_interval(secs => :timeout)
                        """)
                .setParameter("caller", caller)
                .setParameter("key", key)
                .setParameter("timeout", (double) inFlightTimeout.toSeconds())
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    public Uni<Integer> complete(String caller, String key, StoredAnswer answer) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        UPDATE idempotency_record SET status = :status, content_type = :type, body = :body
                        WHERE caller = :caller AND key = :key
                        """)
                .setParameter("status", answer.status())
                .setParameter("type", answer.contentType())
                .setParameter("body", answer.body())
                .setParameter("caller", caller)
                .setParameter("key", key)
                .executeUpdate());
    }

    public Uni<Integer> release(String caller, String key) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "DELETE FROM idempotency_record WHERE caller = :caller AND key = :key AND status IS NULL")
                .setParameter("caller", caller)
                .setParameter("key", key)
                .executeUpdate());
    }
}
