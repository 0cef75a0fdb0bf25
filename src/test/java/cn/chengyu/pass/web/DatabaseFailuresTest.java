package cn.chengyu.pass.web;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which database failures are an outage (503 with Retry-After): plain exceptions, no server. */
class DatabaseFailuresTest {

    private static PgException failure(String state) {
        return new PgException("failure " + state, "FATAL", state, null);
    }

    @Test
    void aServerWithNoConnectionSlotLeftIsAnOutage() {
        assertTrue(DatabaseFailures.outage(failure("53300")));
        assertTrue(DatabaseFailures.outage(new CompletionException(failure("53300"))));
    }

    @Test
    void connectionFailuresAndAServerShuttingDownAreOutages() {
        assertTrue(DatabaseFailures.outage(failure("08006")));
        assertTrue(DatabaseFailures.outage(failure("57P01")));
    }

    @Test
    void aQueryTheServerRefusesIsNot() {
        assertFalse(DatabaseFailures.outage(failure("42601")));
        assertFalse(DatabaseFailures.outage(failure("23505")));
        assertFalse(DatabaseFailures.outage(failure("53100")));
    }
}
