package com.agentplatform.worker.execution;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.common.execution.ColumnUpdate;
import com.agentplatform.common.execution.ExecutionChange;
import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.Guard;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.observe.WorkerMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recovery from dead workers: a running execution whose lease expired (its worker stopped renewing it) goes back to
 * {@code queued} with a {@code retrying} event and a new wake-up for the next attempt, or, past
 * {@code max_attempts}, ends {@code failed} with {@code ATTEMPTS_EXHAUSTED} and its request is dead-lettered. Rows
 * are locked with SKIP LOCKED, so every worker can sweep at once; lease expiry is judged by the database clock.
 */
@Component
class ExpiredLeases extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ExpiredLeases.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final TransactionTemplate transactions;
    private final WakeUps wakeUps;
    private final DeadLetters deadLetters;
    private final EventPublisher events;
    private final WorkerSettings settings;
    private final Clock clock;
    private final WorkerMetrics metrics;

    ExpiredLeases(JdbcClient jdbc, ExecutionJournal journal, TransactionTemplate transactions, WakeUps wakeUps, DeadLetters deadLetters,
            EventPublisher events, TaskScheduler scheduler, WorkerSettings settings, Clock clock, WorkerMetrics metrics) {
        super(scheduler, settings.leaseRenewInterval());
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.journal = journal;
        this.transactions = transactions;
        this.wakeUps = wakeUps;
        this.deadLetters = deadLetters;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** One round; returns how many executions it recovered or failed. */
    int sweep() {
        try {
            List<Recovered> recovered = transactions.execute(status -> recoverExpired());
            for (Recovered execution : recovered) {
                metrics.leaseRecovered(execution.wakeUp() != null ? "requeued" : "attempts_exhausted");
                events.publish(execution.event());
                if (execution.wakeUp() != null) {
                    wakeUps.send(execution.wakeUp());
                } else {
                    ExecutionEvent failed = execution.event();
                    deadLetters.parkExhausted(ExecutionRequested.of(failed.execution(), failed.tenant(), execution.attempt(), clock.instant()));
                }
            }
            return recovered.size();
        } catch (RuntimeException e) {
            log.warn("Recovering expired leases failed: {}", e.toString());
            return 0;
        }
    }

    private List<Recovered> recoverExpired() {
        List<Expired> expired = jdbc.sql("""
                select id, tenant_id, attempt, max_attempts, lease_owner from executions
                where status = 'running' and lease_expires_at < now()
                order by lease_expires_at limit :batch
                for update skip locked""")
                .param("batch", BATCH)
                .query((rs, row) -> new Expired(new ExecutionId(rs.getObject("id", UUID.class)),
                        new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getInt("attempt"), rs.getInt("max_attempts"),
                        rs.getString("lease_owner")))
                .list();
        List<Recovered> recovered = new ArrayList<>();
        for (Expired execution : expired) {
            // The row is locked: the attempt guard is enough to be sure nothing moved it meanwhile.
            Guard guard = new Guard(ExecutionStatus.RUNNING, null, execution.attempt());
            if (execution.attempt() < execution.maxAttempts()) {
                journal.apply(new ExecutionChange(execution.tenant(), execution.id(), guard, ExecutionStatus.QUEUED,
                        ExecutionEventType.RETRYING,
                        Map.of("attempt", execution.attempt(), "reason", "lease of " + execution.owner() + " expired"),
                        List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"))))
                        .ifPresent(event -> recovered.add(new Recovered(event,
                                ExecutionRequested.of(execution.id(), execution.tenant(), execution.attempt() + 1, clock.instant()),
                                execution.attempt())));
            } else {
                String message = "attempt " + execution.attempt() + " of " + execution.maxAttempts() + " lost its worker";
                journal.apply(new ExecutionChange(execution.tenant(), execution.id(), guard, ExecutionStatus.FAILED,
                        ExecutionEventType.FAILED,
                        Map.of("attempt", execution.attempt(), "error", Map.of("code", "ATTEMPTS_EXHAUSTED", "message", message)),
                        List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"),
                                ColumnUpdate.value("finished_at", clock.instant()),
                                ColumnUpdate.value("error_code", "ATTEMPTS_EXHAUSTED"),
                                ColumnUpdate.value("error_message", message))))
                        .ifPresent(event -> recovered.add(new Recovered(event, null, execution.attempt())));
            }
        }
        if (!recovered.isEmpty()) {
            log.info("Recovered {} execution(s) whose worker stopped renewing its lease", recovered.size());
        }
        return recovered;
    }


    private record Expired(ExecutionId id, TenantId tenant, int attempt, int maxAttempts, String owner) {
    }

    private record Recovered(ExecutionEvent event, ExecutionRequested wakeUp, int attempt) {
    }

    @Override
    protected void runRound() {
        sweep();
    }
}
