package com.agentplatform.gateway.schedule;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.agent.AgentBody;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored schedule, as its row holds it. */
record Schedule(UUID id, TenantId tenant, String cron, String timezone, UUID agentId, AgentBody agent, String input,
        Map<String, Object> metadata, boolean enabled, String overlap, Instant nextRunAt, UUID lastExecutionId,
        Instant createdAt, Instant updatedAt) {

    static final String SKIP = "skip";
    static final String ALLOW = "allow";

    Cron parsedCron() {
        return Cron.of(cron, timezone);
    }

    boolean skipsOverlaps() {
        return SKIP.equals(overlap);
    }

    ScheduleView view() {
        return new ScheduleView(id, cron, timezone, agentId, agent, input, metadata, enabled, overlap, nextRunAt,
                lastExecutionId, createdAt, updatedAt);
    }
}
