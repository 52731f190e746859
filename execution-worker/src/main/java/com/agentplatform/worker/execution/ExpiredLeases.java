package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.observe.WorkerMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private final ExecutionTransitions transitions;
    private final TransactionTemplate transactions;
    private final WakeUps wakeUps;
    private final DeadLetters deadLetters;
    private final EventPublisher events;
    private final WorkerSettings settings;
    private final Clock clock;
    private final WorkerMetrics metrics;

    ExpiredLeases(ExecutionTransitions transitions, TransactionTemplate transactions, WakeUps wakeUps, DeadLetters deadLetters,
            EventPublisher events, TaskScheduler scheduler, WorkerSettings settings, Clock clock, WorkerMetrics metrics) {
        super(scheduler, settings.leaseRenewInterval());
        this.metrics = metrics;
        this.transitions = transitions;
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
        List<Recovered> recovered = new ArrayList<>();
        for (ExecutionTransitions.Expired expired : transitions.lockExpiredLeases(BATCH)) {
            if (expired.hasAttemptsLeft()) {
                transitions.requeueExpired(expired).ifPresent(event -> recovered.add(new Recovered(event,
                        ExecutionRequested.of(expired.execution(), expired.tenant(), expired.number() + 1, clock.instant()),
                        expired.number())));
            } else {
                transitions.exhaust(expired).ifPresent(event -> recovered.add(new Recovered(event, null, expired.number())));
            }
        }
        if (!recovered.isEmpty()) {
            log.info("Recovered {} execution(s) whose worker stopped renewing its lease", recovered.size());
        }
        return recovered;
    }

    private record Recovered(ExecutionEvent event, ExecutionRequested wakeUp, int attempt) {
    }

    @Override
    protected void runRound() {
        sweep();
    }
}
