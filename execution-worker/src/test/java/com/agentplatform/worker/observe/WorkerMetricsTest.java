package com.agentplatform.worker.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Dashboards read 0, not "No data": the worker's series exist before their first increment. */
class WorkerMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry, settings(Map.of()));

    @Test
    void aWorkerThatRanNothingExportsItsCountersAtZero() {
        for (String status : new String[] {"succeeded", "failed", "cancelled", "timed_out"}) {
            assertThat(registry.get("platform.executions.finished").tag("tenant", "other").tag("status", status)
                    .counter().count()).as(status).isZero();
        }
        assertThat(registry.get("platform.lease.recoveries").counters()).hasSize(2);
        assertThat(registry.get("platform.execution.retries").counters()).hasSize(2);
        assertThat(registry.get("platform.dead.letters").counters()).hasSize(5);
        assertThat(registry.get("platform.execution.attempts").counter().count()).isZero();
    }

    @Test
    void aTenantsFirstRunGivesItAZeroSeriesForEveryEndStatus() {
        TenantId tenant = new TenantId(UUID.randomUUID());

        metrics.queueWait(tenant, Duration.ofMillis(20));

        assertThat(registry.get("platform.executions.finished").tag("tenant", tenant.toString()).counters())
                .extracting(counter -> counter.getId().getTag("status"))
                .containsExactlyInAnyOrder("succeeded", "failed", "cancelled", "timed_out");
    }

    @Test
    void theFirstSuccessfulCallOfAModelOrAToolAlsoRegistersItsErrorSeries() {
        metrics.llmCall("offline:deterministic", WorkerMetrics.OK, Duration.ofMillis(3), 10, 5);
        metrics.toolCall("calculator", WorkerMetrics.OK, Duration.ofMillis(1));

        assertThat(registry.get("platform.llm.call").tag("provider", "offline").tag("model", "offline:deterministic")
                .tag("outcome", WorkerMetrics.ERROR).timer().count()).isZero();
        assertThat(registry.get("platform.tool.call").tag("tool", "calculator").tag("outcome", WorkerMetrics.ERROR)
                .timer().count()).isZero();
        assertThat(registry.get("platform.tool.call").tag("tool", "calculator").tag("outcome", WorkerMetrics.OK)
                .timer().count()).isEqualTo(1);
    }

    @Test
    void tenantsBeyondTheLabelBoundShareTheSeriesThatExistsFromTheStart() {
        MeterRegistry bounded = new SimpleMeterRegistry();
        WorkerMetrics capped = new WorkerMetrics(bounded, settings(Map.of("platform.worker.metrics.tenant-label-limit", "1")));
        TenantId first = new TenantId(UUID.randomUUID());
        TenantId second = new TenantId(UUID.randomUUID());

        capped.finished(first, "succeeded", "offline:deterministic", Duration.ofMillis(5));
        capped.finished(second, "succeeded", "offline:deterministic", Duration.ofMillis(5));

        assertThat(bounded.get("platform.executions.finished").counters())
                .extracting(counter -> counter.getId().getTag("tenant")).containsOnly("other", first.toString());
        assertThat(bounded.get("platform.executions.finished").tag("tenant", "other").tag("status", "succeeded")
                .counter().count()).isEqualTo(1);
    }

    /** The worker's settings as Spring binds them: the defaults, with these properties on top. */
    private static WorkerSettings settings(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("platform.worker", WorkerSettings.class);
    }
}
