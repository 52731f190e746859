package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentToolNames;
import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.ApprovalTransitions.Decided;
import com.agentplatform.common.execution.ApprovalTransitions.Decision;
import com.agentplatform.common.execution.ApprovalTransitions.Waiting;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.observe.GatewayMetrics;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.tool.ToolCatalog;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import com.agentplatform.gateway.web.SchemaCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decisions on the tool calls waiting executions hold. The decision (recorded as the call's step, with its
 * {@code approval} event), the move back to {@code queued} and the wake-up for a worker commit in one transaction,
 * under a lock of the execution row, so a decision and a cancel or an expiry never both apply; the wake-up goes
 * through the outbox like a submit's.
 */
@Service
class Approvals {

    private static final JsonMapper JSON = JsonMapping.messages();
    /** The parameters an agent offered as a tool takes (as the worker offers it to the model). */
    private static final Map<String, Object> AGENT_TOOL_PARAMETERS = Map.of("type", "object",
            "properties", Map.of(AgentToolNames.INPUT, Map.of("type", "string", "minLength", 1)),
            "required", List.of(AgentToolNames.INPUT));
    private static final int MAX_CALL_ID = 255;
    private static final int MAX_REASON = 2_000;
    private static final int MAX_ARGUMENTS_BYTES = 64 * 1024;

    private final ApprovalTransitions approvals;
    private final ExecutionRepository executions;
    private final ToolCatalog tools;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final GatewayMetrics metrics;

    Approvals(ApprovalTransitions approvals, ExecutionRepository executions, ToolCatalog tools, Outbox outbox,
            TransactionTemplate transactions, Clock clock, GatewayMetrics metrics) {
        this.approvals = approvals;
        this.executions = executions;
        this.tools = tools;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.metrics = metrics;
    }

    private record Applied(Decided decided, Instant requestedAt, List<OutboxMessage> messages) {
    }

    /** Applies the decision and queues the execution for a worker to resume; returns the execution as it is then. */
    ExecutionView decide(AuthenticatedTenant tenant, ExecutionId id, ApprovalRequest request) {
        boolean approve = checked(request);
        Applied applied = transactions.execute(status -> apply(tenant.id(), id, request, approve));
        applied.messages().forEach(outbox::publish);
        metrics.approvalDecided(tenant.id(), approve ? "approve" : "reject",
                Duration.between(applied.requestedAt(), applied.decided().event().createdAt()));
        return executions.find(tenant.id(), id).orElseThrow();
    }

    private Applied apply(TenantId tenant, ExecutionId id, ApprovalRequest request, boolean approve) {
        Waiting waiting = approvals.lockWaiting(tenant, id).orElseThrow(() -> notWaiting(tenant, id));
        if (!waiting.pending().callId().equals(request.callId())) {
            throw new ApiException(HttpStatus.CONFLICT, "WRONG_CALL_ID", "execution " + id + " waits for a decision on call '"
                    + waiting.pending().callId() + "', not '" + request.callId() + "'");
        }
        String arguments = waiting.pending().arguments();
        boolean edited = request.arguments() != null;
        if (edited) {
            checkAgainstSchema(tenant, id, waiting.pending().tool(), request.arguments());
            arguments = JSON.writeValueAsString(request.arguments());
        }
        Decided decided = approvals.decide(waiting, new Decision(approve, arguments, edited, request.reason()))
                .orElseThrow(() -> new IllegalStateException("a locked waiting execution did not move"));
        Instant now = clock.instant();
        String key = tenant.toString();
        List<OutboxMessage> messages = List.of(
                outbox.add(Topics.EXECUTION_EVENTS, key, MessageCodec.encode(decided.event()), now),
                outbox.add(Topics.EXECUTIONS_REQUESTED, key,
                        MessageCodec.encode(ExecutionRequested.of(id, tenant, waiting.attempt(), now)), now));
        return new Applied(decided, waiting.pending().requestedAt(), messages);
    }

    /** 404 for another tenant's (or no) execution; 409 for one that is not waiting for a decision. */
    private ApiException notWaiting(TenantId tenant, ExecutionId id) {
        return executions.status(tenant, id)
                .map(status -> new ApiException(HttpStatus.CONFLICT, "NOT_WAITING",
                        "execution " + id + " is " + status.wireName() + ", not waiting for approval"))
                .orElseGet(() -> ApiException.notFound("execution " + id));
    }

    /**
     * An edit must be arguments the tool accepts: the tool's own schema decides, as it would for the model's; for an
     * agent the run calls as a tool, the schema its model was offered (one {@code input} text).
     */
    private void checkAgainstSchema(TenantId tenant, ExecutionId id, String tool, Map<String, Object> arguments) {
        Optional<Map<String, Object>> parameters = executions.agentTools(tenant, id).contains(tool) ? Optional.of(AGENT_TOOL_PARAMETERS)
                : tools.parameters(tenant, tool);
        parameters.ifPresent(schema -> {
            List<FieldError> errors = SchemaCheck.check("arguments", schema, arguments);
            if (!errors.isEmpty()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_ARGUMENTS",
                        "the arguments do not match the parameters of tool '" + tool + "'", errors);
            }
        });
    }

    /** The request's shape; returns true for approve. */
    private static boolean checked(ApprovalRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.callId() == null || request.callId().isBlank() || request.callId().length() > MAX_CALL_ID) {
            errors.add(new FieldError("call_id", "must be the call_id of the pending approval (1-" + MAX_CALL_ID + " characters)"));
        }
        boolean approve = "approve".equals(request.decision());
        if (!approve && !"reject".equals(request.decision())) {
            errors.add(new FieldError("decision", "must be one of [approve, reject]"));
        }
        if (request.arguments() != null && !approve) {
            errors.add(new FieldError("arguments", "may be given only with decision approve"));
        } else if (request.arguments() != null && JSON.writeValueAsBytes(request.arguments()).length > MAX_ARGUMENTS_BYTES) {
            errors.add(new FieldError("arguments", "must be at most " + MAX_ARGUMENTS_BYTES + " bytes of JSON"));
        }
        if (request.reason() != null && request.reason().length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return approve;
    }
}
