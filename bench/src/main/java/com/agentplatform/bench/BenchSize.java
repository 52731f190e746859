package com.agentplatform.bench;

import com.agentplatform.bench.platform.WorkerSpec;
import java.time.Duration;
import java.util.List;

/**
 * How big a run is: {@code smoke} proves the harness works in seconds (no thresholds), {@code full} makes the figures
 * of docs/BENCHMARKS.md. One nested record per scenario.
 *
 * @param name              smoke or full
 * @param serviceJvmOptions extra JVM options of the gateway and worker (smoke: quick start over peak speed)
 * @param gatewayHeap       the gateway JVM's maximum heap
 * @param worker            the worker for every scenario but the I/O-bound one (zero latency in full)
 * @param queueFirst        the I/O-bound and drain scenarios queue their executions with the worker stopped, then start
 *                          it (full); else they submit to a running worker, so smoke starts the worker only once
 * @param submit            scenario 1
 * @param queue             scenario 2
 * @param io                scenario 3
 * @param sse               scenario 4
 * @param fairness          scenario 5
 * @param cost              scenario 6
 * @param steady            scenario 7
 * @param drain             scenario 8
 */
public record BenchSize(
        String name,
        List<String> serviceJvmOptions,
        String gatewayHeap,
        WorkerSpec worker,
        boolean queueFirst,
        Submit submit,
        Queue queue,
        Io io,
        Sse sse,
        Fairness fairness,
        Cost cost,
        Steady steady,
        Drain drain) {

    /**
     * @param concurrency the closed loop's concurrency steps; 8, 16 and 32 always run, later ones until p99 passes 50 ms
     * @param step        how long each step runs (platform, then baseline)
     * @param maxCalls    calls per step at most
     * @param warmUp      an unrecorded first step, so the JIT has done its work
     */
    public record Submit(List<Integer> concurrency, Duration step, long maxCalls, Duration warmUp) {
    }

    /**
     * @param rate     the rate when no earlier scenario measured a sustained rate (half of it is used otherwise)
     * @param duration how long the load lasts
     */
    public record Queue(double rate, Duration duration) {
    }

    /**
     * @param worker        the main pass's worker (a 10 s model in full); its max-in-flight is the in-flight target
     * @param stretchWorker the stretch pass's worker (a 2 s model in full)
     * @param executions    executions queued per pass: more than max-in-flight, so the worker stays at its bound for
     *                      at least one whole model latency
     */
    public record Io(WorkerSpec worker, WorkerSpec stretchWorker, int executions) {
    }

    /**
     * @param clients             concurrent stream counts, one pass each
     * @param streamsPerExecution streams following each execution
     */
    public record Sse(List<Integer> clients, int streamsPerExecution) {
    }

    /**
     * @param flood              what the noisy tenant submits
     * @param quiet              what the quiet tenant submits alone (the baseline)
     * @param sharedPartitionToo also run with the quiet tenant on the noisy one's partition
     */
    public record Fairness(int flood, int quiet, boolean sharedPartitionToo) {
    }

    /**
     * @param rate     the steady submit rate of calculator executions
     * @param duration how long it lasts
     */
    public record Cost(double rate, Duration duration) {
    }

    /**
     * @param rate             executions asked per second (open loop)
     * @param duration         how long the load lasts
     * @param baselineDuration how long the naive submit baseline runs at the same rate
     */
    public record Steady(double rate, Duration duration, Duration baselineDuration) {
    }

    /** @param executions empty executions queued, then drained by one worker */
    public record Drain(int executions) {
    }

    /** Seconds, tiny counts; one worker configuration throughout, so it starts once. */
    public static BenchSize smoke() {
        WorkerSpec worker = new WorkerSpec(Duration.ofMillis(200), 1000, 1000, "256m");
        return new BenchSize("smoke", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"), "256m",
                worker, false,
                new Submit(List.of(8), Duration.ofSeconds(3), 50, Duration.ZERO),
                new Queue(25, Duration.ofSeconds(2)),
                new Io(worker, worker, 100),
                new Sse(List.of(20), 2),
                new Fairness(100, 10, false),
                new Cost(20, Duration.ofSeconds(2)),
                new Steady(50, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new Drain(50));
    }

    public static BenchSize full() {
        // 3 GB for the gateway: 10,000 open streams at the ~100 KB each measured so far exhaust a 1 GB heap.
        // The I/O workers get 2 GB so a heap past the 1 GB target shows as a figure, not as an OutOfMemoryError.
        return new BenchSize("full", List.of(), "3g",
                new WorkerSpec(Duration.ZERO, 1000, 1000, "1g"), true,
                new Submit(List.of(1, 2, 4, 8, 16, 32, 64, 128), Duration.ofSeconds(8), Long.MAX_VALUE, Duration.ofSeconds(6)),
                new Queue(500, Duration.ofSeconds(20)),
                new Io(new WorkerSpec(Duration.ofSeconds(10), 10_000, 10_000, "2g"),
                        new WorkerSpec(Duration.ofSeconds(2), 10_000, 10_000, "2g"), 30_000),
                new Sse(List.of(1000, 5000, 10_000), 10),
                new Fairness(10_000, 150, true),
                new Cost(500, Duration.ofSeconds(30)),
                new Steady(1000, Duration.ofSeconds(60), Duration.ofSeconds(20)),
                new Drain(20_000));
    }

    public static BenchSize named(String name) {
        return switch (name) {
            case "smoke" -> smoke();
            case "full" -> full();
            default -> throw new IllegalArgumentException("--size must be smoke or full, not " + name);
        };
    }
}
