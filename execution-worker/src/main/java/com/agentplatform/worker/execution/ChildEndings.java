package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ChildResults;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings children's ends to the executions that called them ({@link ChildResults}): every worker takes endings with
 * SKIP LOCKED every {@code poll-interval}, settles them in the transaction that deletes them, and then wakes each
 * parent that every child has answered. A wake-up lost in a crash costs only time: the parent is queued in
 * PostgreSQL, and the stale-queue sweeper wakes it.
 */
@Component
class ChildEndings extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ChildEndings.class);

    private final ChildResults results;
    private final TransactionTemplate transactions;
    private final EventPublisher events;
    private final WakeUps wakeUps;
    private final Clock clock;
    private final int batch;

    ChildEndings(ChildResults results, TransactionTemplate transactions, EventPublisher events, WakeUps wakeUps, Clock clock,
            TaskScheduler scheduler, WorkerSettings settings) {
        super(scheduler, settings.agentTools().pollInterval());
        this.results = results;
        this.transactions = transactions;
        this.events = events;
        this.wakeUps = wakeUps;
        this.clock = clock;
        this.batch = settings.agentTools().batch();
    }

    /** One batch; returns how many endings it took. */
    int settle() {
        List<Integer> taken = new ArrayList<>();
        List<ChildResults.Settled> settled = transactions.execute(status -> {
            List<ChildResults.Settled> done = new ArrayList<>();
            List<ChildResults.Ending> endings = results.take(batch);
            taken.add(endings.size());
            endings.forEach(ending -> results.settle(ending).ifPresent(done::add));
            return done;
        });
        for (ChildResults.Settled parent : settled) {
            parent.events().forEach(events::publish);
            if (parent.resumedAttempt() != null) {
                wakeUps.send(ExecutionRequested.of(parent.parent(), parent.tenant(), parent.resumedAttempt(), clock.instant()));
                log.info("Execution {} resumes: every agent it called has answered", parent.parent());
            }
        }
        return taken.isEmpty() ? 0 : taken.getFirst();
    }

    @Override
    protected void runRound() {
        try {
            while (settle() == batch) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            log.warn("Settling ended child executions failed: {}", e.toString());
        }
    }
}
