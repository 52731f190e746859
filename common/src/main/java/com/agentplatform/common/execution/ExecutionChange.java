package com.agentplatform.common.execution;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.util.List;
import java.util.Map;

/**
 * A guarded change of one execution and the event that records it.
 *
 * @param from    the status the row must have now; the change is not applied otherwise
 * @param to      the status after the change; equal to {@code from} for events that do not move it (steps)
 * @param fence   when present, the row must also still be leased by this owner for this attempt
 * @param payload the event's JSON payload
 * @param updates extra columns to set in the same statement
 */
public record ExecutionChange(
        TenantId tenant,
        ExecutionId execution,
        ExecutionStatus from,
        ExecutionStatus to,
        ExecutionEventType type,
        Fence fence,
        Map<String, Object> payload,
        List<ColumnUpdate> updates) {

    public ExecutionChange {
        if (from != to) {
            from.requireCanMoveTo(to);
        }
        payload = payload == null ? Map.of() : payload;
        updates = updates == null ? List.of() : List.copyOf(updates);
    }
}
