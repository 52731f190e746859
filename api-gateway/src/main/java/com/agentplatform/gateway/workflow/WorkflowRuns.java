package com.agentplatform.gateway.workflow;

import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.workflow.StepState;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import com.agentplatform.gateway.web.SchemaCheck;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Starting, reading and cancelling workflow runs. A run starts in the transaction that stores it (its first steps'
 * children are queued there); it moves on when a child ends, in {@link WorkflowAdvancer}.
 */
@Service
class WorkflowRuns {

    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final WorkflowService workflows;
    private final RunRepository runs;
    private final RunAdvance advance;
    private final Children children;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final WorkflowMetrics metrics;
    private final int maxInputChars;

    WorkflowRuns(WorkflowService workflows, RunRepository runs, RunAdvance advance, Children children, Outbox outbox,
            TransactionTemplate transactions, Clock clock, WorkflowMetrics metrics, GatewaySettings settings) {
        this.workflows = workflows;
        this.runs = runs;
        this.advance = advance;
        this.children = children;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.metrics = metrics;
        this.maxInputChars = settings.executions().maxInputChars();
    }

    RunView start(AuthenticatedTenant tenant, UUID workflowId, RunBody body) {
        if (body == null || body.input() == null) {
            throw ApiException.validation("input", "must be given");
        }
        if (body.input().length() > maxInputChars) {
            throw ApiException.validation("input", "must be at most " + maxInputChars + " characters");
        }
        if (body.metadata() != null && WorkflowRepository.JSON.writeValueAsBytes(body.metadata()).length > MAX_METADATA_BYTES) {
            throw ApiException.validation("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
        }
        Workflow workflow = workflows.find(tenant.id(), workflowId);
        checkInput(workflow.inputSchema(), body.input());
        UUID id = UuidV7.next();
        List<OutboxMessage> announce = transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            children.lockQueueRoom(tenant.id());
            runs.insert(id, tenant.id(), workflow.id(), workflow.steps(), body.input(), body.metadata(), now);
            List<OutboxMessage> started = advance.advance(runs.lock(id).orElseThrow(), now);
            long room = children.lockQueueRoom(tenant.id());
            if (room < 0) {
                // Rolls the run back: its first steps do not fit the tenant's queue. Later steps are accepted work.
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "QUOTA_EXCEEDED", "the run's first steps need "
                        + (-room) + " more queued executions than the tenant may have (max_queued_executions)");
            }
            return started;
        });
        metrics.run("started");
        announce.forEach(outbox::publish);
        return get(tenant, id);
    }

    /**
     * The input held to the workflow's {@code input_schema}: as text when the schema's type is {@code string}, otherwise
     * read as JSON (an input that is not JSON is checked as text: a schema of type {@code object} then says so).
     */
    private static void checkInput(Map<String, Object> schema, String input) {
        if (schema == null) {
            return;
        }
        JsonNode value = "string".equals(schema.get("type")) ? StringNode.valueOf(input) : readOrText(input);
        List<FieldError> errors = SchemaCheck.check("input", schema, value);
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                    "the input does not match the workflow's input_schema", errors);
        }
    }

    private static JsonNode readOrText(String input) {
        try {
            return WorkflowRepository.JSON.readTree(input);
        } catch (JacksonException notJson) {
            return StringNode.valueOf(input);
        }
    }

    RunView get(AuthenticatedTenant tenant, UUID id) {
        return runs.find(tenant.id(), id).orElseThrow(() -> ApiException.notFound("workflow run " + id));
    }

    List<RunView> list(AuthenticatedTenant tenant, UUID workflowId, UUID after, int limit) {
        return runs.list(tenant.id(), workflowId, after, limit);
    }

    /**
     * Ends the run as {@code cancelled} and cancels every child that has not ended: queued and waiting ones at once,
     * running ones at their next step boundary. A run that has ended cannot be cancelled (409).
     */
    RunView cancel(AuthenticatedTenant tenant, UUID id) {
        List<OutboxMessage> announce = transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            RunRepository.Run run = runs.lock(tenant.id(), id).orElseThrow(() -> ApiException.notFound("workflow run " + id));
            if (!StepState.RUNNING.equals(run.status())) {
                throw new ApiException(HttpStatus.CONFLICT, "WORKFLOW_RUN_FINISHED",
                        "workflow run " + id + " is already " + run.status() + " and cannot be cancelled");
            }
            List<OutboxMessage> messages = new ArrayList<>();
            for (UUID child : runs.activeChildren(id)) {
                messages.addAll(children.cancel(tenant.id(), child, now));
            }
            String reason = "cancelled by the client";
            for (StepState step : runs.states(id).values()) {
                if (!step.ended() && runs.endStep(id, step.stepId(), StepState.CANCELLED, null, reason, now).isPresent()) {
                    runs.appendEvent(id, tenant.id(), "step_finished",
                            RunAdvance.finished(step.stepId(), StepState.CANCELLED, null, reason), now);
                }
            }
            runs.finish(id, StepState.CANCELLED, null, reason, now);
            runs.appendEvent(id, tenant.id(), StepState.CANCELLED, RunAdvance.terminal(StepState.CANCELLED, null, reason), now);
            return messages;
        });
        metrics.run(StepState.CANCELLED);
        announce.forEach(outbox::publish);
        return get(tenant, id);
    }
}
