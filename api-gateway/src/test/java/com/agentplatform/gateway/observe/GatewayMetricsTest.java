package com.agentplatform.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.metrics.BoundedLabels;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Dashboards read 0, not "No data": the gateway's counters exist before their first increment. */
class GatewayMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry, new BoundedLabels(BoundedLabels.Settings.firstSeen(1)));

    @Test
    void aGatewayThatServedNobodyExportsItsCountersAtZero() {
        assertThat(registry.get("platform.cancellations").counters())
                .extracting(counter -> counter.getId().getTag("stage")).containsExactlyInAnyOrder("queued", "running", "waiting");
        assertThat(registry.get("platform.rate.limited").tag("tenant", "other").counter().count()).isZero();
        assertThat(registry.get("platform.submits").tag("tenant", "other").tag("outcome", "accepted").counter().count())
                .isZero();
        assertThat(registry.get("platform.approval.latency").tag("tenant", "other").timers())
                .extracting(timer -> timer.getId().getTag("decision")).containsExactlyInAnyOrder("approve", "reject");
    }

    @Test
    void anApprovalsLatencyIsRecordedByTenantAndDecision() {
        TenantId tenant = new TenantId(UUID.randomUUID());

        metrics.approvalDecided(tenant, "reject", Duration.ofMinutes(3));

        assertThat(registry.get("platform.approval.latency").tag("tenant", tenant.toString()).tag("decision", "reject")
                .timer().totalTime(TimeUnit.SECONDS)).isEqualTo(180);
    }

    @Test
    void aTenantsSeriesExistFromItsFirstCall() {
        TenantId tenant = new TenantId(UUID.randomUUID());

        metrics.tenantCalled(tenant);

        assertThat(registry.get("platform.rate.limited").tag("tenant", tenant.toString()).counter().count()).isZero();
        assertThat(registry.get("platform.submits").tag("tenant", tenant.toString()).counter().count()).isZero();
    }

    @Test
    void tenantsBeyondTheLabelBoundAreCountedUnderTheSeriesThatExistsFromTheStart() {
        TenantId first = new TenantId(UUID.randomUUID());
        TenantId second = new TenantId(UUID.randomUUID());

        metrics.tenantCalled(first);
        metrics.tenantCalled(second);
        metrics.rateLimited(second);
        metrics.cancelledRunning();

        assertThat(registry.get("platform.rate.limited").counters()).extracting(counter -> counter.getId().getTag("tenant"))
                .containsExactlyInAnyOrder("other", first.toString());
        assertThat(registry.get("platform.rate.limited").tag("tenant", "other").counter().count()).isEqualTo(1);
        assertThat(registry.get("platform.cancellations").tag("stage", "running").counter().count()).isEqualTo(1);
    }
}
