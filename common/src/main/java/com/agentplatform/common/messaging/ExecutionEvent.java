package com.agentplatform.common.messaging;

import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One entry of an execution's append-only event log, as stored in {@code execution_events} and as sent on
 * {@link Topics#EXECUTION_EVENTS}.
 *
 * @param seq     1, 2, 3… per execution, with no gaps; the SSE {@code id:}
 * @param status  the execution's status after this event
 * @param payload   event-specific JSON object (a step's name, the result, the error…)
 * @param globalSeq the event's place in insert order across all executions; 0 when unknown. Transactions commit in
 *                  another order, so the tenant-wide stream orders by commit instead (see the V5 migration)
 */
public record ExecutionEvent(
        int version,
        UUID executionId,
        UUID tenantId,
        long seq,
        ExecutionEventType type,
        ExecutionStatus status,
        JsonNode payload,
        Instant createdAt,
        long globalSeq) {

    public static final int CURRENT_VERSION = 1;

    public ExecutionId execution() {
        return new ExecutionId(executionId);
    }

    public TenantId tenant() {
        return new TenantId(tenantId);
    }
}
