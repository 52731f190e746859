package com.agentplatform.worker.execution;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Wakes up executions that have been queued, untouched, for longer than {@code stale-queued-after}: their wake-up
 * was lost, or it was held back on a worker that since died. The row is touched as it is picked (SKIP LOCKED), so
 * every worker can sweep at once and each execution gets at most one new wake-up per period. A duplicate wake-up is
 * harmless: only one claim can win.
 */
@Component
class QueuedSweeper extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(QueuedSweeper.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final WakeUps wakeUps;
    private final WorkerSettings settings;
    private final Clock clock;

    QueuedSweeper(JdbcClient jdbc, WakeUps wakeUps, TaskScheduler scheduler, WorkerSettings settings,
            Clock clock) {
        super(scheduler, settings.sweepInterval());
        this.jdbc = jdbc;
        this.wakeUps = wakeUps;
        this.settings = settings;
        this.clock = clock;
    }

    int sweep() {
        try {
            List<Stale> stale = jdbc.sql("""
                    update executions set updated_at = now()
                    where id in (select id from executions
                                 where status = 'queued' and updated_at < now() - cast(:age as interval)
                                 order by updated_at limit :batch
                                 for update skip locked)
                    returning id, tenant_id, attempt""")
                    .param("age", settings.staleQueuedAfter().toMillis() + " milliseconds")
                    .param("batch", BATCH)
                    .query((rs, row) -> new Stale(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                            rs.getInt("attempt")))
                    .list();
            for (Stale execution : stale) {
                ExecutionRequested wakeUp = ExecutionRequested.of(new ExecutionId(execution.id()),
                        new TenantId(execution.tenantId()), execution.attempt() + 1, clock.instant());
                wakeUps.send(wakeUp);
            }
            if (!stale.isEmpty()) {
                log.info("Woke up {} execution(s) queued for over {}", stale.size(), settings.staleQueuedAfter());
            }
            return stale.size();
        } catch (RuntimeException e) {
            log.warn("Sweeping stale queued executions failed: {}", e.toString());
            return 0;
        }
    }

    private record Stale(UUID id, UUID tenantId, int attempt) {
    }

    @Override
    protected void runRound() {
        sweep();
    }
}
