package com.agentplatform.common.messaging;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * The wake-up on {@link Topics#EXECUTIONS_REQUESTED}: "attempt {@code attempt} of this execution may start".
 *
 * @param version    payload version, {@link #CURRENT_VERSION} for records written by this code
 * @param attempt    the attempt number this request starts (1 for the first run)
 * @param enqueuedAt when the request was enqueued (submit or retry)
 */
public record ExecutionRequested(int version, UUID executionId, UUID tenantId, int attempt, Instant enqueuedAt) {

    public static final int CURRENT_VERSION = 1;

    public static ExecutionRequested of(ExecutionId execution, TenantId tenant, int attempt, Instant enqueuedAt) {
        return new ExecutionRequested(CURRENT_VERSION, execution.value(), tenant.value(), attempt, enqueuedAt);
    }

    public ExecutionId execution() {
        return new ExecutionId(executionId);
    }

    public TenantId tenant() {
        return new TenantId(tenantId);
    }
}
