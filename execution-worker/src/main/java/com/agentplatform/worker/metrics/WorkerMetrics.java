package com.agentplatform.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The worker's own metrics (next to the JVM, HTTP, Kafka client and resilience4j ones Spring Boot exports). Tags
 * are bounded: status and model names come from the platform, never from free text; tenants are not a tag here.
 */
@Component
public class WorkerMetrics {

    private static final Duration[] SLO = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Series alerts watch exist from the start at zero, so "increase(...) > 0" sees the first one.
        for (String reason : java.util.List.of("unparseable", "unknown_execution", "key_mismatch", "attempts_exhausted", "other")) {
            Counter.builder("platform.dead.letters").tag("reason", reason).register(registry);
        }
        for (String result : java.util.List.of("requeued", "attempts_exhausted")) {
            Counter.builder("platform.lease.recoveries").tag("result", result).register(registry);
        }
        for (String code : java.util.List.of("PROVIDER_UNAVAILABLE", "TOOL_UNAVAILABLE")) {
            Counter.builder("platform.execution.retries").tag("code", code).register(registry);
        }
    }

    /** Running executions on this worker. */
    public void inFlight(Supplier<Number> count) {
        registry.gauge("platform.executions.in.flight", java.util.List.of(), count, value -> value.get().doubleValue());
    }

    public void queueWait(Duration wait) {
        Timer.builder("platform.queue.wait").description("submit to start of the first attempt")
                .serviceLevelObjectives(SLO).register(registry).record(wait);
    }

    public void finished(String status, String model, Duration duration) {
        Timer.builder("platform.execution.duration").description("claim to terminal status of an attempt")
                .tag("status", status).tag("model", model).serviceLevelObjectives(SLO).register(registry).record(duration);
    }

    public void llmCall(String model, String outcome, Duration duration, long inputTokens, long outputTokens) {
        String provider = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
        Timer.builder("platform.llm.call").tag("provider", provider).tag("model", model).tag("outcome", outcome)
                .serviceLevelObjectives(SLO).register(registry).record(duration);
        Counter.builder("platform.llm.tokens").tag("provider", provider).tag("model", model).tag("direction", "input")
                .register(registry).increment(inputTokens);
        Counter.builder("platform.llm.tokens").tag("provider", provider).tag("model", model).tag("direction", "output")
                .register(registry).increment(outputTokens);
    }

    public void toolCall(String tool, String outcome, Duration duration) {
        Timer.builder("platform.tool.call").tag("tool", tool).tag("outcome", outcome)
                .serviceLevelObjectives(SLO).register(registry).record(duration);
    }

    public void leaseRecovered(String result) {
        Counter.builder("platform.lease.recoveries").tag("result", result).register(registry).increment();
    }

    public void deadLettered(String reason) {
        Counter.builder("platform.dead.letters").tag("reason", reason).register(registry).increment();
    }

    public void retried(String code) {
        Counter.builder("platform.execution.retries").tag("code", code).register(registry).increment();
    }
}
