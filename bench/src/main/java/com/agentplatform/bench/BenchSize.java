package com.agentplatform.bench;

import com.agentplatform.bench.platform.WorkerSpec;
import java.time.Duration;
import java.util.List;

/**
 * How big a run is: {@code smoke} proves the harness works in seconds (no thresholds), {@code full} makes the figures
 * of docs/BENCHMARKS.md.
 *
 * @param name                 smoke or full
 * @param serviceJvmOptions    extra JVM options of the gateway and worker (smoke: quick start over peak speed)
 * @param gatewayHeap          the gateway JVM's maximum heap
 * @param worker               the worker for every scenario but the I/O-bound one (zero latency in full)
 * @param ioWorker             the worker of the I/O-bound scenario
 * @param submitConcurrency    the submit scenario's concurrency steps, stopped once p99 passes 50 ms
 * @param submitStep           how long each step runs (platform, then baseline)
 * @param submitMaxCalls       calls per step at most
 * @param submitWarmUp         an unrecorded first step, so the JIT has done its work
 * @param queueRate            the queue scenario's rate when the submit scenario did not run first
 * @param queueDuration        how long the queue scenario's load lasts
 * @param ioExecutions         executions the I/O-bound scenario puts in flight
 * @param ioQueueFirst         queue them all with the worker stopped, then start it (full); else submit to a running one
 * @param sseClients           concurrent stream counts, one pass each
 * @param streamsPerExecution  streams following each execution
 * @param floodExecutions      what the noisy tenant submits in the fairness scenario
 * @param quietExecutions      what the quiet tenant submits alone (the fairness baseline)
 * @param sharedPartitionToo   also run fairness with the quiet tenant on the noisy one's partition
 * @param costRate             the cost scenario's steady rate
 * @param costDuration         how long it lasts
 */
public record BenchSize(
        String name,
        List<String> serviceJvmOptions,
        String gatewayHeap,
        WorkerSpec worker,
        WorkerSpec ioWorker,
        List<Integer> submitConcurrency,
        Duration submitStep,
        long submitMaxCalls,
        Duration submitWarmUp,
        double queueRate,
        Duration queueDuration,
        int ioExecutions,
        boolean ioQueueFirst,
        List<Integer> sseClients,
        int streamsPerExecution,
        int floodExecutions,
        int quietExecutions,
        boolean sharedPartitionToo,
        double costRate,
        Duration costDuration) {

    /** Seconds, tiny counts; one worker configuration throughout, so it starts once. */
    public static BenchSize smoke() {
        WorkerSpec worker = new WorkerSpec(Duration.ofMillis(200), 1000, 1000, "256m");
        return new BenchSize("smoke", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"), "256m",
                worker, worker, List.of(4), Duration.ofSeconds(3), 50, Duration.ZERO,
                25, Duration.ofSeconds(2), 200, false, List.of(20), 2, 100, 10, false, 20, Duration.ofSeconds(2));
    }

    public static BenchSize full() {
        // 3 GB for the gateway: 10,000 open streams at the ~100 KB each measured so far exhaust a 1 GB heap.
        return new BenchSize("full", List.of(), "3g",
                new WorkerSpec(Duration.ZERO, 1000, 1000, "1g"),
                new WorkerSpec(Duration.ofSeconds(2), 12_000, 12_000, "2g"),
                List.of(1, 2, 4, 8, 16, 32, 64, 128), Duration.ofSeconds(8), Long.MAX_VALUE, Duration.ofSeconds(6),
                500, Duration.ofSeconds(20), 10_000, true, List.of(1000, 5000, 10_000), 10, 10_000, 150, true,
                500, Duration.ofSeconds(30));
    }

    public static BenchSize named(String name) {
        return switch (name) {
            case "smoke" -> smoke();
            case "full" -> full();
            default -> throw new IllegalArgumentException("--size must be smoke or full, not " + name);
        };
    }
}
