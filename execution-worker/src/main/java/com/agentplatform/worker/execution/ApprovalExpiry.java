package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends executions whose pending approval nobody decided on within {@code approval_timeout_seconds}: {@code failed}
 * with {@code APPROVAL_EXPIRED}. Every worker sweeps (a waiting run belongs to none); rows are locked with SKIP
 * LOCKED and each is moved by a transition guarded on {@code waiting}, so no execution expires twice, and one that
 * a decision or a cancel reached first is left alone. Expiry is judged by the database clock, every
 * {@code lease-renew-interval}.
 */
@Component
class ApprovalExpiry extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);
    private static final int BATCH = 200;

    private final ApprovalTransitions approvals;
    private final TransactionTemplate transactions;
    private final EventPublisher events;

    ApprovalExpiry(ApprovalTransitions approvals, TransactionTemplate transactions, EventPublisher events,
            TaskScheduler scheduler, WorkerSettings settings) {
        super(scheduler, settings.leaseRenewInterval());
        this.approvals = approvals;
        this.transactions = transactions;
        this.events = events;
    }

    /** One round; returns how many executions it ended. */
    int sweep() {
        try {
            List<ExecutionEvent> expired = transactions.execute(status -> {
                List<ExecutionEvent> ended = new ArrayList<>();
                for (ApprovalTransitions.Waiting waiting : approvals.lockExpired(BATCH)) {
                    approvals.expire(waiting).ifPresent(ended::add);
                }
                return ended;
            });
            expired.forEach(events::publish);
            if (!expired.isEmpty()) {
                log.info("Failed {} execution(s) whose approval expired", expired.size());
            }
            return expired.size();
        } catch (RuntimeException e) {
            log.warn("Expiring pending approvals failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    protected void runRound() {
        sweep();
    }
}
