package com.agentplatform.bench.measure;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/** A fixed number of callers, each calling again as soon as its previous call answered: throughput at a concurrency. */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /** Runs until {@code duration} has passed or {@code maxCalls} calls were started, whichever is first. */
    public static LoadResult run(int concurrency, Duration duration, long maxCalls, Callable<Boolean> call) {
        Histogram histogram = Latency.newHistogram();
        AtomicLong started = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                callers.execute(() -> {
                    while (System.nanoTime() < deadline && started.incrementAndGet() <= maxCalls) {
                        long begin = System.nanoTime();
                        try {
                            if (call.call()) {
                                succeeded.incrementAndGet();
                            }
                        } catch (Exception failed) {
                            // counted as a failure
                        }
                        Latency.record(histogram, System.nanoTime() - begin);
                    }
                });
            }
        }
        long attempted = Math.min(started.get(), maxCalls);
        return new LoadResult(attempted, succeeded.get(), Duration.ofNanos(System.nanoTime() - start), Latency.of(histogram));
    }
}
