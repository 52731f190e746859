package com.agentplatform.bench.platform;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a scenario wants the worker: the simulated model's latency and the bounds that must not be what is measured.
 *
 * @param latency            the {@code simulated:default} model's answer time (slept, no CPU)
 * @param maxInFlight        executions the worker runs at once
 * @param maxConcurrentCalls model calls in flight at once (the provider bulkhead)
 * @param heap               the worker JVM's maximum heap, such as {@code 512m}
 */
public record WorkerSpec(Duration latency, int maxInFlight, int maxConcurrentCalls, String heap) {

    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("platform.worker.simulated.latency", latency.toMillis() + "ms");
        properties.put("platform.worker.max-in-flight", Integer.toString(maxInFlight));
        properties.put("platform.worker.providers.resilience.max-concurrent-calls", Integer.toString(maxConcurrentCalls));
        properties.put("platform.worker.shutdown-grace", "1s");
        return properties;
    }
}
