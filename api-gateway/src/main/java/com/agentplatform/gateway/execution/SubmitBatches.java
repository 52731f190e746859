package com.agentplatform.gateway.execution;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.common.write.WriteBuffer;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.outbox.OutboxMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of submits: the submits of many requests, of any tenants, commit in one transaction with one
 * statement for their rows, and each request waits for that commit. A tenant's queued count is read and checked once
 * per batch, under its counter's row lock, so the bound stays exact across gateways while a tenant's burst costs one
 * transaction and one counter update per batch instead of one each.
 */
@Component
class SubmitBatches implements AutoCloseable {

    private final ExecutionRepository executions;
    private final WriteBuffer<NewExecution, Admission> buffer;

    SubmitBatches(ExecutionRepository executions, TransactionTemplate transactions, GatewaySettings settings) {
        this.executions = executions;
        GatewaySettings.Submits submits = settings.submits();
        this.buffer = new WriteBuffer<>("submits",
                new WriteBuffer.Settings(submits.maxBatch(), submits.maxDelay(), submits.capacity(), submits.flushers()),
                transactions, this::write);
    }

    /** Returns once the submit is committed (or refused); blocks while the buffer is full. */
    Admission admit(NewExecution execution) {
        return buffer.write(execution);
    }

    /**
     * Admits in arrival order, each tenant up to its bound; the rest of a tenant's submits are refused. A second
     * submit under an idempotency key already in the batch is not inserted: it replays the first once both commit.
     */
    private List<Admission> write(List<NewExecution> batch) {
        Set<TenantId> tenants = new LinkedHashSet<>();
        batch.forEach(execution -> tenants.add(execution.tenant()));
        Map<TenantId, ExecutionRepository.QueueRoom> rooms = executions.lockQueues(tenants);
        Map<TenantId, Long> queued = new HashMap<>();
        rooms.forEach((tenant, room) -> queued.put(tenant, room.queued()));

        Admission[] admissions = new Admission[batch.size()];
        List<NewExecution> admitted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            NewExecution execution = batch.get(i);
            ExecutionRepository.QueueRoom room = rooms.get(execution.tenant());
            if (room == null) {
                throw new IllegalStateException("tenant " + execution.tenant() + " has no queue counter");
            }
            long before = queued.get(execution.tenant());
            if (admitted.stream().anyMatch(execution::sameKey)) {
                admissions[i] = new Admission.KeyTaken();
            } else if (before >= room.limit()) {
                admissions[i] = new Admission.QueueFull(before, room.limit());
            } else {
                queued.put(execution.tenant(), before + 1);
                admitted.add(execution);
            }
        }
        Map<ExecutionId, Optional<Long>> wakeUps = admitted.isEmpty() ? Map.of() : executions.insertQueued(admitted);
        for (int i = 0; i < batch.size(); i++) {
            if (admissions[i] == null) {
                NewExecution execution = batch.get(i);
                Optional<Long> outboxId = wakeUps.get(execution.id());
                admissions[i] = outboxId == null ? new Admission.KeyTaken() : new Admission.Queued(outboxId.map(id ->
                        new OutboxMessage(id, Topics.EXECUTIONS_REQUESTED, execution.tenant().toString(), execution.wakeUp(),
                                execution.createdAt(), execution.traceParent())).orElse(null));
            }
        }
        return List.of(admissions);
    }

    @Override
    public void close() {
        buffer.close();
    }
}
