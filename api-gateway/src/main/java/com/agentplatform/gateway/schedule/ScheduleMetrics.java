package com.agentplatform.gateway.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Schedule lag (a tick's due time to its execution's creation) and skipped ticks by reason. Every series exists from
 * start at zero, so a dashboard shows 0 rather than "No data".
 */
@Component
class ScheduleMetrics {

    static final String OVERLAP = "overlap";
    static final String QUOTA = "quota";
    static final String INVALID = "invalid";

    private final Timer lag;
    private final Map<String, Counter> skipped;

    ScheduleMetrics(MeterRegistry registry) {
        this.lag = Timer.builder("platform.schedule.lag")
                .description("time from a schedule tick being due to its execution being created")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30),
                        Duration.ofMinutes(5))
                .register(registry);
        this.skipped = Map.of(
                OVERLAP, skippedCounter(registry, OVERLAP, "the previous run was still active (overlap skip)"),
                QUOTA, skippedCounter(registry, QUOTA, "the tenant's queue was full"),
                INVALID, skippedCounter(registry, INVALID, "the agent or input no longer passes a submit's checks"));
    }

    private static Counter skippedCounter(MeterRegistry registry, String reason, String description) {
        return Counter.builder("platform.schedule.skipped").tag("reason", reason)
                .description("schedule ticks that made no execution: " + description).register(registry);
    }

    void created(Duration sinceDue) {
        lag.record(sinceDue.isNegative() ? Duration.ZERO : sinceDue);
    }

    void skipped(String reason) {
        skipped.get(reason).increment();
    }
}
