package com.agentplatform.gateway.observe;

import com.agentplatform.common.metrics.BoundedLabels;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Gauges only the database can answer, refreshed every {@code platform.gateway.metrics.gauge-interval}: executions
 * queued, running and waiting for approval per tenant, the oldest queued one, approvals close to their expiry, executions whose lease lapsed without a recovery (stuck),
 * and the outbox backlog. Every gateway exports the same figures; dashboards take {@code max} across instances.
 */
@Component
class PlatformGauges extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PlatformGauges.class);

    private final JdbcClient jdbc;
    private final BoundedLabels tenants;
    private final MultiGauge perTenant;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>(Snapshot.EMPTY);
    /** Rows once reported stay, at zero, so a graph drops to 0 instead of ending (bounded by the tenant labels). */
    private final Map<List<String>, Long> rows = new java.util.concurrent.ConcurrentHashMap<>();

    PlatformGauges(JdbcClient jdbc, BoundedLabels tenants, MeterRegistry meters, TaskScheduler scheduler,
            GatewaySettings settings) {
        super(scheduler, settings.metrics().gaugeInterval());
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.perTenant = MultiGauge.builder("platform.executions")
                .description("executions queued, running or waiting for approval now, by tenant and status").register(meters);
        // Before the first refresh, and with nothing queued or running yet, the panels read 0 rather than no data.
        for (String status : List.of("queued", "running", "waiting")) {
            rows.put(List.of(BoundedLabels.OTHER, status), 0L);
        }
        publish(rows);
        gauge(meters, "platform.queue.oldest.age", "seconds", "how long the oldest queued execution has waited",
                Snapshot::oldestQueuedSeconds);
        gauge(meters, "platform.executions.stuck", null,
                "running executions whose lease lapsed over a minute ago and that no worker recovered", Snapshot::stuck);
        gauge(meters, "platform.approvals.expiring", null,
                "executions waiting for an approval that expires within the hour", Snapshot::approvalsExpiring);
        gauge(meters, "platform.outbox.backlog", null, "messages committed but not yet acknowledged by Kafka",
                Snapshot::outboxBacklog);
        gauge(meters, "platform.outbox.oldest.age", "seconds", "how long the oldest unpublished outbox message has waited",
                Snapshot::outboxOldestSeconds);
    }

    private void gauge(MeterRegistry meters, String name, String unit, String description,
            java.util.function.ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, latest, holder -> value.applyAsDouble(holder.get())).baseUnit(unit).description(description)
                .register(meters);
    }

    @Override
    protected void runRound() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing the platform gauges failed; they keep their last values: {}", e.toString());
        }
    }

    void refresh() {
        Map<List<String>, Long> counts = new HashMap<>();
        rows.keySet().forEach(row -> counts.put(row, 0L));
        jdbc.sql("select tenant_id, status, count(*) as n from executions where status in ('queued', 'running', 'waiting') group by 1, 2")
                .query(rs -> {
                    counts.merge(List.of(tenants.of(rs.getString("tenant_id")), rs.getString("status")), rs.getLong("n"), Long::sum);
                });
        rows.putAll(counts);
        publish(counts);
        latest.set(jdbc.sql("""
                select coalesce((select extract(epoch from now() - min(updated_at)) from executions where status = 'queued'), 0) as oldest_queued,
                       (select count(*) from executions where status = 'running' and lease_expires_at < now() - interval '1 minute') as stuck,
                       (select count(*) from executions where status = 'waiting'
                          and approval_expires_at < now() + interval '1 hour') as approvals_expiring,
                       (select count(*) from outbox) as backlog,
                       coalesce((select extract(epoch from now() - min(created_at)) from outbox), 0) as outbox_oldest""")
                .query((rs, row) -> new Snapshot(rs.getDouble("oldest_queued"), rs.getLong("stuck"), rs.getLong("backlog"),
                        rs.getDouble("outbox_oldest"), rs.getLong("approvals_expiring")))
                .single());
    }

    private void publish(Map<List<String>, Long> counts) {
        perTenant.register(counts.entrySet().stream()
                .map(entry -> MultiGauge.Row.of(Tags.of("tenant", entry.getKey().get(0), "status", entry.getKey().get(1)),
                        entry.getValue()))
                .toList(), true);
    }

    private record Snapshot(double oldestQueuedSeconds, long stuck, long outboxBacklog, double outboxOldestSeconds,
            long approvalsExpiring) {
        static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0);
    }
}
