package com.agentplatform.gateway.schedule;

import com.agentplatform.gateway.agent.AgentBody;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/schedules} and {@code PATCH /v1/schedules/{id}}: on a patch, a field left out keeps its value
 * (giving {@code agent_id} replaces an inline {@code agent} and the other way round).
 */
record ScheduleBody(String cron, String timezone, UUID agentId, AgentBody agent, String input, Map<String, Object> metadata,
        Boolean enabled, String overlap) {
}
