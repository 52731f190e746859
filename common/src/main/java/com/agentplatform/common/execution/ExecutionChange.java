package com.agentplatform.common.execution;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.util.List;
import java.util.Map;

/**
 * A guarded change of one execution and the event that records it.
 *
 * @param guard   what the row must look like now; the change is not applied otherwise
 * @param to      the status after the change; equal to the guard's status for events that do not move it (steps)
 * @param payload the event's JSON payload
 * @param updates extra columns to set in the same statement
 */
public record ExecutionChange(
        TenantId tenant,
        ExecutionId execution,
        Guard guard,
        ExecutionStatus to,
        ExecutionEventType type,
        Map<String, Object> payload,
        List<ColumnUpdate> updates) {

    public ExecutionChange {
        if (guard.status() != to) {
            guard.status().requireCanMoveTo(to);
        }
        payload = payload == null ? Map.of() : payload;
        updates = updates == null ? List.of() : List.copyOf(updates);
    }
}
