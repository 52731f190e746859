package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.PendingApproval;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.worker.runtime.ApprovalRequiredException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends an attempt that stopped at a tool call needing a person's approval: the execution moves to {@code waiting}
 * (fenced by the attempt's lease) with the call as {@code pending_approval}, and the attempt returns like any other
 * end, so the dispatcher frees its permit and the database its tenant's running slot. Nothing holds the run while
 * it waits: a decision queues it for any worker, the expiry sweeper fails it, a cancel ends it.
 */
@Component
class Pauses {

    private static final Logger log = LoggerFactory.getLogger(Pauses.class);

    private final ApprovalTransitions approvals;
    private final ExecutionStore store;
    private final EventPublisher events;
    private final Clock clock;

    Pauses(ApprovalTransitions approvals, ExecutionStore store, EventPublisher events, Clock clock) {
        this.approvals = approvals;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** Moves the run to {@code waiting}; returns how the attempt ended, for its trace. */
    String pause(ClaimedExecution run, ApprovalRequiredException request) {
        Instant now = clock.instant();
        PendingApproval pending = new PendingApproval(request.callId(), request.tool(), request.arguments(), now,
                now.plusSeconds(run.agent().approvalTimeoutSeconds()));
        Optional<ExecutionEvent> waiting = approvals.await(run.lease(), pending);
        if (waiting.isEmpty()) {
            log.info("Attempt {} stopped for approval but no longer held its lease; nothing was recorded", run.attempt());
            return "abandoned";
        }
        events.publish(waiting.get());
        log.info("Attempt {} waits for approval of {} ({})", run.attempt(), request.tool(), request.callId());
        // A cancel asked for while it still ran found it running and only raised the flag, which nothing reads while it
        // waits: honour it now, or the client's 202 would mean nothing.
        if (store.cancelRequested(run)) {
            approvals.cancelWaiting(run.tenant(), run.id()).ifPresent(events::publish);
            return "cancelled";
        }
        return "waiting";
    }
}
