package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Accepting an execution: row, first event and outbox message in one transaction, then a publish after commit. */
@Service
class ExecutionService {

    private final AgentResolver agents;
    private final ExecutionRepository executions;
    private final ExecutionJournal journal;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxAttempts;

    ExecutionService(AgentResolver agents, ExecutionRepository executions, ExecutionJournal journal, Outbox outbox,
            TransactionTemplate transactions, Clock clock, GatewaySettings settings) {
        this.agents = agents;
        this.executions = executions;
        this.journal = journal;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.maxAttempts = settings.executions().maxAttempts();
    }

    ExecutionView submit(AuthenticatedTenant tenant, SubmitExecutionRequest request) {
        AgentSpec agent = agents.resolve(request);
        ExecutionId id = ExecutionId.newId();
        Instant now = clock.instant();
        OutboxMessage wakeUp = transactions.execute(status -> {
            executions.insertQueued(tenant.id(), id, request.agentId(), agent, request.input(), request.metadata(),
                    maxAttempts, now);
            journal.insertEvent(tenant.id(), id, 1, ExecutionEventType.QUEUED, ExecutionStatus.QUEUED,
                    Map.of("attempt", 0), now);
            return outbox.add(Topics.EXECUTIONS_REQUESTED, tenant.id().toString(),
                    MessageCodec.encode(ExecutionRequested.of(id, tenant.id(), 1, now)), now);
        });
        // Committed: the execution is safe. Publishing now is the fast path; the relay covers a crash here.
        outbox.publish(wakeUp);
        return executions.find(tenant.id(), id).orElseThrow();
    }

    ExecutionView get(AuthenticatedTenant tenant, ExecutionId id) {
        return executions.find(tenant.id(), id).orElseThrow(() -> ApiException.notFound("execution " + id));
    }
}
