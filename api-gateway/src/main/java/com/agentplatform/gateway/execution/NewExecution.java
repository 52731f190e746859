package com.agentplatform.gateway.execution;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * A submit on its way into the group commit, with every value its rows need already computed (JSON included) on the
 * request's own thread, so a flush only binds arrays.
 *
 * @param agentJson    the agent snapshot the execution will run
 * @param metadataJson null when the request has none
 * @param wakeUp       the payload of its {@code executions.requested} message
 */
record NewExecution(TenantId tenant, ExecutionId id, UUID agentId, String agentJson, String model, String input,
        String metadataJson, int maxAttempts, Instant createdAt, String idempotencyKey, String requestHash,
        String traceParent, String wakeUp) {

    /** Two submits of one tenant under one idempotency key create one execution. */
    boolean sameKey(NewExecution other) {
        return idempotencyKey != null && idempotencyKey.equals(other.idempotencyKey) && tenant.equals(other.tenant);
    }
}
