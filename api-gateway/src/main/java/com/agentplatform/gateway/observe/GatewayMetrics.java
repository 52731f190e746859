package com.agentplatform.gateway.observe;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.metrics.BoundedLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The gateway's own counters (its gauges are in {@link PlatformGauges}). Every series a dashboard or an alert reads
 * exists before its first increment, at zero: a counter that appears only when it first moves shows "No data" rather
 * than 0, and {@code increase()} never sees its first step. The fixed label values are registered at start; the
 * tenant label gets the bucket {@value BoundedLabels#OTHER} at start (so a replica that has served no tenant yet still
 * exports the series) and each tenant's own series the first time that tenant calls, within the label bound.
 */
@Component
public class GatewayMetrics {

    private static final String SUBMITS = "platform.submits";
    private static final String RATE_LIMITED = "platform.rate.limited";
    private static final String CANCELLATIONS = "platform.cancellations";
    private static final String ACCEPTED = "accepted";
    private static final String APPROVAL_LATENCY = "platform.approval.latency";
    /** A person answers in minutes or in a day: buckets up to the default approval timeout and beyond. */
    private static final Duration[] APPROVAL_SLO = {Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12), Duration.ofDays(1),
            Duration.ofDays(3)};

    private final MeterRegistry registry;
    private final BoundedLabels tenantLabels;
    /** Tenant labels whose zero series exist already, so a call costs one lookup rather than a registration. */
    private final Set<String> knownTenants = ConcurrentHashMap.newKeySet();
    private final Counter cancelledQueued;
    private final Counter cancelledRunning;
    private final Counter cancelledWaiting;

    GatewayMetrics(MeterRegistry registry, BoundedLabels tenantLabels) {
        this.registry = registry;
        this.tenantLabels = tenantLabels;
        this.cancelledQueued = Counter.builder(CANCELLATIONS).tag("stage", "queued")
                .description("cancel requests that cancelled a queued execution at once").register(registry);
        this.cancelledRunning = Counter.builder(CANCELLATIONS).tag("stage", "running")
                .description("cancel requests that asked a running execution to stop").register(registry);
        this.cancelledWaiting = Counter.builder(CANCELLATIONS).tag("stage", "waiting")
                .description("cancel requests that cancelled an execution waiting for approval at once").register(registry);
        registerTenant(BoundedLabels.OTHER);
    }

    /** A tenant made a request: from now on its series exist, at zero until something happens. */
    public void tenantCalled(TenantId tenant) {
        String label = tenantLabels.of(tenant);
        if (!knownTenants.contains(label)) {
            registerTenant(label);
        }
    }

    public void rateLimited(TenantId tenant) {
        Counter.builder(RATE_LIMITED).tag("tenant", tenantLabels.of(tenant)).register(registry).increment();
    }

    /** A submit by its outcome: {@code accepted}, {@code replayed} or the error code, never client text. */
    public void submitted(TenantId tenant, String outcome) {
        Counter.builder(SUBMITS).tag("tenant", tenantLabels.of(tenant)).tag("outcome", outcome).register(registry)
                .increment();
    }

    public void cancelledQueued() {
        cancelledQueued.increment();
    }

    public void cancelledRunning() {
        cancelledRunning.increment();
    }

    public void cancelledWaiting() {
        cancelledWaiting.increment();
    }

    /** A person decided on a pending tool call ({@code approve} or {@code reject}) this long after the run asked. */
    public void approvalDecided(TenantId tenant, String decision, Duration latency) {
        approvalLatency(tenantLabels.of(tenant), decision).record(latency);
    }

    private Timer approvalLatency(String tenant, String decision) {
        return Timer.builder(APPROVAL_LATENCY).tag("tenant", tenant).tag("decision", decision)
                .description("from a run asking for approval of a tool call to a person's decision")
                .serviceLevelObjectives(APPROVAL_SLO).register(registry);
    }

    private void registerTenant(String label) {
        Counter.builder(RATE_LIMITED).tag("tenant", label).description("requests refused by the tenant's rate limit")
                .register(registry);
        // The tenant dashboard lists the tenants of this series: a tenant that has called is on it, at zero.
        Counter.builder(SUBMITS).tag("tenant", label).tag("outcome", ACCEPTED).register(registry);
        approvalLatency(label, "approve");
        approvalLatency(label, "reject");
        knownTenants.add(label);
    }
}
