package com.agentplatform.gateway.schedule;

import com.agentplatform.gateway.agent.AgentBody;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A schedule as the API shows it. {@code next_run_at} is the next tick that will run (null while none is ahead);
 * {@code last_execution_id} the execution its latest tick or trigger made.
 */
record ScheduleView(UUID id, String cron, String timezone, UUID agentId, AgentBody agent, String input,
        Map<String, Object> metadata, boolean enabled, String overlap, Instant nextRunAt, UUID lastExecutionId,
        Instant createdAt, Instant updatedAt) {
}
