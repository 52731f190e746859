package com.agentplatform.bench.scenario;

import static org.awaitility.Awaitility.await;

import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.Tenant;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/** Waiting for submitted executions to end, and reading what their timestamps say. */
final class Executions {

    private Executions() {
    }

    /** Waits until the tenants together have {@code expected} executions and none queued or running. */
    static void awaitEnded(PlatformApi api, Collection<Tenant> tenants, long expected, Duration atMost) {
        await("executions ended").atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            long total = 0;
            for (Tenant tenant : tenants) {
                PlatformApi.Usage usage = api.usage(tenant);
                if (usage.queued() > 0 || usage.running() > 0) {
                    return false;
                }
                total += usage.total();
            }
            return total >= expected;
        });
    }

    static List<ExecutionTimes> of(PlatformApi api, Collection<Tenant> tenants) {
        return tenants.stream().flatMap(tenant -> api.executions(tenant).stream()).toList();
    }

    /** Accepted → running, over the executions that started. */
    static Latency queueWaits(List<ExecutionTimes> executions) {
        return distribution(executions, times -> times.queueWait());
    }

    static Latency distribution(List<ExecutionTimes> executions, Function<ExecutionTimes, Duration> measure) {
        Histogram histogram = Latency.newHistogram();
        executions.stream().filter(times -> times.startedAt() != null)
                .forEach(times -> Latency.record(histogram, Math.max(0, measure.apply(times).toNanos())));
        return Latency.of(histogram);
    }

    /** Round robin over the tenants, for calls that spread load over partitions. */
    static Supplier<Tenant> roundRobin(List<Tenant> tenants) {
        AtomicInteger next = new AtomicInteger();
        return () -> tenants.get(Math.floorMod(next.getAndIncrement(), tenants.size()));
    }
}
