package cn.chengyu.pass.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Real parallel requests, released together. */
public final class Parallel {

    private Parallel() {
    }

    /** Fires {@code n} requests at once and counts their outcomes; a null outcome counts as {@code whenNull}. */
    public static Map<String, Integer> fire(int n, IntFunction<Callable<String>> request, String whenNull) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<String> call = request.apply(i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            Map<String, Integer> outcomes = new HashMap<>();
            for (Future<String> answer : answers) {
                String outcome = answer.get();
                outcomes.merge(outcome == null ? whenNull : outcome, 1, Integer::sum);
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }
}
