package com.agentplatform.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.Predicate;

/**
 * CPU time of this JVM's threads, told apart by name. The bench JVM holds both the Kafka broker and the load
 * generator, and only the broker is a cost of the platform. Only live Java threads are seen: the JVM's own GC and
 * JIT threads, and threads that have ended, are not.
 */
public final class ThreadCpu {

    /**
     * The threads that drive load or read results, by name prefix: virtual-thread carriers (callers, streams), the
     * HTTP client's, the benchmark's own, the Kafka clients of the baselines and the watchers of the processes it
     * started. Every other thread is the broker's (and a few nearly idle ones: the JVM's reference handler, the embedded
     * PostgreSQL's log reader).
     */
    private static final List<String> LOAD_GENERATOR = List.of("ForkJoinPool", "HttpClient", "main", "awaitility",
            "bench-", "baseline-", "kafka-producer-network-thread", "kafka-admin-client-thread",
            "kafka-coordinator-heartbeat-thread", "HikariPool", "process reaper", "Attach Listener");

    private ThreadCpu() {
    }

    /** Milliseconds of CPU used so far by the load generator's live threads. */
    public static long loadGeneratorMillis() {
        return millis(ThreadCpu::drivesLoad);
    }

    /** Milliseconds of CPU used so far by every other live thread: the Kafka broker's. */
    public static long brokerMillis() {
        return millis(name -> !drivesLoad(name));
    }

    static boolean drivesLoad(String threadName) {
        return LOAD_GENERATOR.stream().anyMatch(threadName::startsWith);
    }

    private static long millis(Predicate<String> name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && name.test(info.getThreadName())) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1_000_000;
    }
}
