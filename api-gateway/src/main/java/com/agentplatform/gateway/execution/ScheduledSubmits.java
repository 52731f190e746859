package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.agent.AgentBody;
import com.agentplatform.gateway.outbox.OutboxMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The submit path as schedules use it: the same checks as {@code POST /v1/executions} and the same insert statement
 * (execution, its {@code queued} event and its wake-up in the outbox), but inside the caller's transaction, so a
 * schedule's tick is claimed in the transaction that creates its execution.
 */
@Component
public class ScheduledSubmits {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final Submission submission;
    private final ExecutionRepository executions;
    private final int maxAttempts;

    ScheduledSubmits(Submission submission, ExecutionRepository executions, GatewaySettings settings) {
        this.submission = submission;
        this.executions = executions;
        this.maxAttempts = settings.executions().maxAttempts();
    }

    /** The agent a run would get, checked exactly as a submit is; 4xx {@code ApiException} when it is not valid. */
    public AgentSpec resolve(TenantId tenant, UUID agentId, AgentBody agent, String input, Map<String, Object> metadata) {
        return submission.resolve(tenant, new SubmitExecutionRequest(agentId, agent, input, null, null, metadata));
    }

    /**
     * Locks the queue counters of {@code tenants} until the transaction ends (in the fixed order submits use) and
     * returns how many more executions each may queue.
     */
    public Map<TenantId, Long> lockQueueRoom(Collection<TenantId> tenants) {
        Map<TenantId, Long> room = new HashMap<>();
        executions.lockQueues(tenants).forEach((tenant, queue) -> room.put(tenant, queue.limit() - queue.queued()));
        return room;
    }

    /**
     * Inserts one queued execution in the caller's transaction. Empty when the tenant has used {@code idempotencyKey}
     * already (the tick has its execution); otherwise the wake-up to publish after commit.
     */
    public Optional<OutboxMessage> insert(TenantId tenant, ExecutionId id, UUID agentId, AgentSpec agent, String input,
            Map<String, Object> metadata, Instant now, String idempotencyKey) {
        String wakeUp = MessageCodec.encode(ExecutionRequested.of(id, tenant, 1, now));
        NewExecution execution = new NewExecution(tenant, id, agentId, JSON.writeValueAsString(agent), agent.model(), input,
                JSON.writeValueAsString(metadata), maxAttempts, now, idempotencyKey,
                idempotencyKey == null ? null : Submission.hash(idempotencyKey), null, wakeUp);
        Map<ExecutionId, Optional<Long>> inserted = executions.insertQueued(List.of(execution));
        if (!inserted.containsKey(id)) {
            return Optional.empty();
        }
        Long outboxId = inserted.get(id).orElseThrow();
        return Optional.of(new OutboxMessage(outboxId, Topics.EXECUTIONS_REQUESTED, tenant.toString(), wakeUp, now, null));
    }
}
