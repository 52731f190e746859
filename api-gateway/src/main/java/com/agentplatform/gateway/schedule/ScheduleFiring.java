package com.agentplatform.gateway.schedule;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.execution.ExecutionRepository;
import com.agentplatform.gateway.execution.ExecutionView;
import com.agentplatform.gateway.execution.ScheduledSubmits;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due ticks. Every gateway runs it (the submit path it reuses lives here, and a gateway is always up when the
 * API is): a round locks due schedules with SKIP LOCKED, so gateways share the work without waiting for each other,
 * and in the same transaction creates each tick's execution (row, {@code queued} event, outbox wake-up) and claims the
 * tick with a guarded update of {@code next_run_at}; the idempotency key {@code schedule:<id>:<tick>} and a unique tick
 * per schedule make a second execution for one tick impossible even then.
 */
@Component
class ScheduleFiring extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

    private final ScheduleRepository schedules;
    private final ScheduledSubmits submits;
    private final ExecutionRepository executions;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ScheduleMetrics metrics;
    private final int batch;
    private final Duration misfireThreshold;

    ScheduleFiring(ScheduleRepository schedules, ScheduledSubmits submits, ExecutionRepository executions, Outbox outbox,
            TransactionTemplate transactions, TaskScheduler scheduler, Clock clock, ScheduleMetrics metrics,
            GatewaySettings settings) {
        super(scheduler, settings.schedules().pollInterval());
        this.schedules = schedules;
        this.submits = submits;
        this.executions = executions;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.metrics = metrics;
        this.batch = settings.schedules().batch();
        this.misfireThreshold = settings.schedules().misfireThreshold();
    }

    @Override
    protected void runRound() {
        try {
            // A round late by a tick or two fires each of them in turn; bounded, so one round never runs away.
            int passes = 1;
            while (fireDue() > 0 && passes++ < 10) {
                // something was due: the next of its ticks may be due too
            }
        } catch (RuntimeException e) {
            log.warn("Schedule round failed; the ticks stay due for the next round: {}", e.toString());
        }
    }

    /** One transaction: the due schedules it could lock, each tick fired or skipped. Returns how many it handled. */
    int fireDue() {
        List<Fired> fired = new ArrayList<>();
        Integer handled = transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<Schedule> due = schedules.lockDue(now, batch);
            if (due.isEmpty()) {
                return 0;
            }
            Set<TenantId> tenants = new LinkedHashSet<>();
            due.forEach(schedule -> tenants.add(schedule.tenant()));
            Map<TenantId, Long> room = submits.lockQueueRoom(tenants);
            for (Schedule schedule : due) {
                fire(schedule, now, room).ifPresent(fired::add);
            }
            return due.size();
        });
        fired.forEach(tick -> {
            outbox.publish(tick.wakeUp());
            metrics.created(tick.lag());
        });
        return handled == null ? 0 : handled;
    }

    private record Fired(OutboxMessage wakeUp, Duration lag) {
    }

    /** Fires the schedule's due tick or skips it, and plans the next one (missed ticks: {@link Cron#round}). */
    private Optional<Fired> fire(Schedule schedule, Instant now, Map<TenantId, Long> room) {
        Cron.Round round = schedule.parsedCron().round(schedule.nextRunAt(), now, misfireThreshold);
        Instant tick = round.tick();
        Instant next = round.next();
        Optional<Fired> fired = Optional.empty();
        UUID execution = null;
        if (schedule.skipsOverlaps() && schedule.lastExecutionId() != null
                && schedules.isActive(schedule.tenant(), schedule.lastExecutionId())) {
            metrics.skipped(ScheduleMetrics.OVERLAP);
        } else if (room.getOrDefault(schedule.tenant(), 0L) <= 0) {
            metrics.skipped(ScheduleMetrics.QUOTA);
        } else {
            try {
                ExecutionId id = ExecutionId.newId();
                Optional<OutboxMessage> wakeUp = create(schedule, id, tick, now);
                if (wakeUp.isPresent()) {
                    room.merge(schedule.tenant(), -1L, Long::sum);
                    execution = id.value();
                    fired = Optional.of(new Fired(wakeUp.get(), Duration.between(tick, now)));
                }
            } catch (ApiException e) {
                log.info("Schedule {} skipped tick {}: {}", schedule.id(), tick, e.getMessage());
                metrics.skipped(ScheduleMetrics.INVALID);
            }
        }
        schedules.advance(schedule.id(), schedule.nextRunAt(), next, execution, now);
        return fired;
    }

    /** The tick's execution; empty when its idempotency key shows the tick has one already. */
    private Optional<OutboxMessage> create(Schedule schedule, ExecutionId id, Instant tick, Instant now) {
        AgentSpec agent = submits.resolve(schedule.tenant(), schedule.agentId(), schedule.agent(), schedule.input(),
                schedule.metadata());
        Map<String, Object> metadata = metadata(schedule);
        metadata.put("schedule_tick", tick.toString());
        Optional<OutboxMessage> wakeUp = submits.insert(schedule.tenant(), id, schedule.agentId(), agent, schedule.input(),
                metadata, now, "schedule:" + schedule.id() + ":" + tick);
        wakeUp.ifPresent(message -> schedules.recordExecution(schedule, id.value(), tick));
        return wakeUp;
    }

    /**
     * {@code POST /v1/schedules/{id}/trigger}: one execution now, outside the ticks (no overlap rule; the queue bound
     * applies as to any submit).
     */
    ExecutionView trigger(AuthenticatedTenant tenant, UUID scheduleId) {
        ExecutionId id = ExecutionId.newId();
        OutboxMessage wakeUp = transactions.execute(status -> {
            Schedule schedule = schedules.lock(tenant.id(), scheduleId)
                    .orElseThrow(() -> ApiException.notFound("schedule " + scheduleId));
            AgentSpec agent = submits.resolve(tenant.id(), schedule.agentId(), schedule.agent(), schedule.input(),
                    schedule.metadata());
            long room = submits.lockQueueRoom(List.of(tenant.id())).getOrDefault(tenant.id(), 0L);
            if (room <= 0) {
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "QUOTA_EXCEEDED",
                        "tenant has as many queued or waiting executions as it may (max_queued_executions)");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            OutboxMessage message = submits.insert(tenant.id(), id, schedule.agentId(), agent, schedule.input(),
                    metadata(schedule), now, null).orElseThrow();
            schedules.recordExecution(schedule, id.value(), null);
            schedules.setLastExecution(schedule.id(), id.value());
            return message;
        });
        outbox.publish(wakeUp);
        return executions.find(tenant.id(), id).orElseThrow();
    }

    private static Map<String, Object> metadata(Schedule schedule) {
        Map<String, Object> metadata = schedule.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(schedule.metadata());
        metadata.put("schedule_id", schedule.id().toString());
        return metadata;
    }
}
