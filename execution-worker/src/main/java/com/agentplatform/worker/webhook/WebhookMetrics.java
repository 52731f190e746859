package com.agentplatform.worker.webhook;

import com.agentplatform.common.metrics.BoundedLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Webhook delivery attempts by outcome and endpoint (for the alert on an endpoint's failure rate; the first 200
 * endpoints a worker sends to get their own series, later ones count under {@value BoundedLabels#OTHER}), their
 * latency, and endpoints disabled for failing.
 */
@Component
class WebhookMetrics {

    private static final List<String> OUTCOMES = List.of("succeeded", "retrying", "failed");

    private final MeterRegistry registry;
    private final BoundedLabels endpoints = new BoundedLabels(BoundedLabels.Settings.firstSeen(200));
    private final Timer latency;
    private final Counter disabled;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(outcome -> attempts(BoundedLabels.OTHER, outcome));
        this.latency = Timer.builder("platform.webhook.delivery.duration")
                .description("one delivery attempt, from sending to the answer (or the failure)")
                .publishPercentileHistogram()
                .register(registry);
        this.disabled = Counter.builder("platform.webhook.endpoints.disabled")
                .description("endpoints disabled because their deliveries failed for days")
                .register(registry);
    }

    /** {@code succeeded}, {@code retrying} (failed, tried again later) or {@code failed} (no attempt left). */
    void delivered(UUID endpoint, String outcome) {
        attempts(endpoints.of(endpoint), outcome).increment();
    }

    void latency(Duration duration) {
        latency.record(duration);
    }

    void endpointDisabled() {
        disabled.increment();
    }

    private Counter attempts(String endpoint, String outcome) {
        return Counter.builder("platform.webhook.deliveries").description("delivery attempts by outcome")
                .tag("endpoint", endpoint).tag("outcome", outcome).register(registry);
    }
}
