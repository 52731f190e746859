package com.agentplatform.bench.measure;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A fixed-rate load generator: call {@code i} is due at {@code start + i / rate} whatever happened to earlier calls,
 * and its latency is measured from that due time, so a stall shows up in every call it delayed (no coordinated
 * omission). Each call runs on its own virtual thread.
 */
public final class OpenLoop {

    /**
     * The most HTTP calls to hold in flight at once. Each holds a socket of the bench JVM, which also runs the Kafka
     * broker: when a saturated platform answers late, an unbounded open loop at 1,000 calls a second would exhaust
     * the file descriptors within seconds and take the broker down with it. Past this the schedule slips instead.
     */
    public static final int MAX_HTTP_OUTSTANDING = 2_000;

    private OpenLoop() {
    }

    /**
     * @param rate           calls per second
     * @param calls          how many calls in all
     * @param maxOutstanding calls in flight at most; past it the schedule slips, which the latencies then show
     * @param call           one call; true when it succeeded
     */
    public static LoadResult run(double rate, long calls, int maxOutstanding, Callable<Boolean> call) {
        Histogram histogram = Latency.newHistogram();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        Semaphore outstanding = new Semaphore(maxOutstanding);
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < calls; i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait); // the schedule itself, not a wait for a condition
                }
                outstanding.acquireUninterruptibly();
                threads.execute(() -> {
                    try {
                        if (call.call()) {
                            succeeded.incrementAndGet();
                        }
                    } catch (Exception failed) {
                        // counted as a failure: attempted minus succeeded
                    } finally {
                        long end = System.nanoTime();
                        Latency.record(histogram, end - due);
                        lastEnd.accumulateAndGet(end, Math::max);
                        outstanding.release();
                    }
                });
            }
        }
        return new LoadResult(calls, succeeded.get(), Duration.ofNanos(Math.max(1, lastEnd.get() - start)), Latency.of(histogram));
    }
}
