package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Offline batches of one site take turns in this replica before they borrow a database
 * connection: a batch waiting on the site's advisory lock with a connection in hand would let
 * twenty batches at one site take the whole pool. A batch that does not get its turn within
 * {@link #MAX_WAIT} is a 503 with Retry-After and records nothing; batches of other sites do not
 * wait. Across replicas the site's advisory lock still orders them: the work is told how much of
 * {@link #MAX_WAIT} is left for that. A batch whose client leaves runs to its end all the same,
 * and only its end passes the turn on.
 */
@ApplicationScoped
public class BatchTurns {

    public static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private enum State { WAITING, CHOSEN, GONE }

    /** A batch asking for its turn: chosen by the site's turn, or gone by its timeout or its client leaving. */
    private static final class Waiter {
        final Context context = Vertx.currentContext();
        final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
        UniEmitter<? super Void> emitter;
        long timer = -1;
    }

    /** One site's turn: whether a batch has it, and who waits. */
    private static final class Site {
        boolean busy;
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    }

    private final Vertx vertx;
    private final Map<String, Site> sites = new ConcurrentHashMap<>();

    public BatchTurns(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Runs {@code work} when it is this site's next batch, or fails with a 503 after waiting
     * {@link #MAX_WAIT}; the work gets what is left of that wait.
     */
    public <T> Uni<T> inTurn(String site, Function<Duration, Uni<T>> work) {
        Site turn = sites.computeIfAbsent(site, code -> new Site());
        Waiter waiter = new Waiter();
        long arrived = System.nanoTime();
        return Uni.createFrom().<Void>emitter(emitter -> take(turn, waiter, emitter))
                // A client that leaves while waiting gives up its place; one that leaves once chosen but
                // before its work started passes the turn on (once the work started, its end does).
                .onCancellation().invoke(() -> {
                    if (waiter.state.compareAndSet(State.WAITING, State.GONE)) {
                        forget(turn, waiter);
                    } else if (waiter.state.get() == State.CHOSEN) {
                        pass(turn);
                    }
                })
                .chain(() -> {
                    Duration left = MAX_WAIT.minusNanos(System.nanoTime() - arrived);
                    Uni<T> running = Uni.createFrom().<T>deferred(() -> work.apply(left)).memoize().indefinitely();
                    running.subscribe().with(done -> pass(turn), failed -> pass(turn));
                    return running;
                });
    }

    private void take(Site turn, Waiter waiter, UniEmitter<? super Void> emitter) {
        waiter.emitter = emitter;
        boolean now;
        synchronized (turn) {
            now = !turn.busy;
            if (now) {
                turn.busy = true;
                waiter.state.set(State.CHOSEN);
            } else {
                turn.waiting.add(waiter);
                waiter.timer = vertx.setTimer(MAX_WAIT.toMillis(), id -> giveUp(turn, waiter));
            }
        }
        if (now) {
            waiter.emitter.complete(null);
        }
    }

    private void giveUp(Site turn, Waiter waiter) {
        if (waiter.state.compareAndSet(State.WAITING, State.GONE)) {
            forget(turn, waiter);
            waiter.emitter.fail(ProblemException.busy("Other offline batches of this site are being recorded; "
                    + "nothing of this one was recorded. Send it again shortly.", MAX_WAIT.toSeconds()));
        }
    }

    private void forget(Site turn, Waiter waiter) {
        synchronized (turn) {
            turn.waiting.remove(waiter);
        }
        vertx.cancelTimer(waiter.timer);
    }

    /** Hands the turn to the next batch still waiting, on its own request's context. */
    private void pass(Site turn) {
        Waiter next;
        synchronized (turn) {
            do {
                next = turn.waiting.poll();
            } while (next != null && !next.state.compareAndSet(State.WAITING, State.CHOSEN));
            if (next == null) {
                turn.busy = false;
                return;
            }
        }
        vertx.cancelTimer(next.timer);
        Waiter chosen = next;
        if (chosen.context != null) {
            chosen.context.runOnContext(ignored -> chosen.emitter.complete(null));
        } else {
            chosen.emitter.complete(null);
        }
    }
}
