package com.agentplatform.gateway.workflow;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.Delegations;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.common.workflow.Templates;
import com.agentplatform.common.workflow.ToolStepModel;
import com.agentplatform.common.workflow.WorkflowStep;
import com.agentplatform.gateway.agent.AgentBody;
import com.agentplatform.gateway.agent.AgentRules;
import com.agentplatform.gateway.execution.ScheduledSubmits;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tool.ToolCatalog;
import com.agentplatform.gateway.web.SchemaCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The child executions of a run: created through the submit path (the same checks, insert, queued event and outbox
 * wake-up as {@code POST /v1/executions}, in the advance's transaction) and cancelled as a client's cancel would.
 */
@Component
class Children {

    /** A model call that asks for the tool, the tool call, the model call that answers with its output. */
    private static final int TOOL_STEP_MAX_STEPS = 3;

    private final ScheduledSubmits submits;
    private final AgentRules rules;
    private final RunRepository runs;
    private final ExecutionTransitions transitions;
    private final ApprovalTransitions approvals;
    private final Outbox outbox;
    private final Delegations delegations;
    private final ToolCatalog tools;

    Children(ScheduledSubmits submits, AgentRules rules, RunRepository runs, ExecutionTransitions transitions,
            ApprovalTransitions approvals, Outbox outbox, Delegations delegations, ToolCatalog tools) {
        this.tools = tools;
        this.delegations = delegations;
        this.submits = submits;
        this.rules = rules;
        this.runs = runs;
        this.transitions = transitions;
        this.approvals = approvals;
        this.outbox = outbox;
    }

    record Started(UUID execution, OutboxMessage wakeUp) {
    }

    /** Locks the tenant's queue counters; how many more executions its queue may take now (negative when over). */
    long lockQueueRoom(TenantId tenant) {
        return submits.lockQueueRoom(List.of(tenant)).getOrDefault(tenant, 0L);
    }

    /**
     * The leaf's child execution, queued. The idempotency key {@code workflow:<run>:<step>} makes a second child for one
     * step impossible. Throws the submit path's {@code ApiException} when the step cannot run (a deleted agent, an
     * empty rendered input): the step then fails.
     */
    Started start(TenantId tenant, UUID run, WorkflowStep step, String input, Map<String, String> arguments, Instant now) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("workflow_run_id", run.toString());
        metadata.put("workflow_step_id", step.id());
        AgentSpec agent;
        String childInput;
        if (WorkflowStep.TOOL.equals(step.type())) {
            AgentSpec checked = rules.resolve(tenant, new AgentBody("tool:" + step.tool(), null, null, null,
                    List.of(step.tool()), TOOL_STEP_MAX_STEPS, null, null), null, null);
            agent = new AgentSpec(checked.name(), null, ToolStepModel.NAME, checked.tools(), TOOL_STEP_MAX_STEPS,
                    checked.timeoutSeconds(), checked.maxTokens());
            childInput = WorkflowRepository.JSON.writeValueAsString(
                    Map.of("tool", step.tool(), "arguments", typed(tenant, step.tool(), arguments)));
            return insert(tenant, run, step, null, agent, childInput, metadata, now);
        }
        AgentBody inline = step.agent() == null ? null : StepChecks.inline(step).orElseThrow();
        agent = submits.resolve(tenant, step.agentId(), inline, input, metadata);
        return insert(tenant, run, step, step.agentId(), agent, input, metadata, now);
    }

    /**
     * The rendered arguments, each as the type the tool's parameter declares when that is not text and the rendered
     * text is a JSON value the parameter accepts ({@code "42"} for an integer becomes {@code 42}); text otherwise, as
     * rendered.
     */
    private Map<String, Object> typed(TenantId tenant, String tool, Map<String, String> arguments) {
        Map<String, Object> typed = new LinkedHashMap<>();
        if (arguments == null) {
            return typed;
        }
        Map<?, ?> declared = tools.parameters(tenant, tool).map(schema -> schema.get("properties"))
                .filter(Map.class::isInstance).map(Map.class::cast).orElse(Map.of());
        arguments.forEach((name, text) -> typed.put(name, declared.get(name) instanceof Map<?, ?> parameter
                ? asDeclared(parameter, text) : text));
        return typed;
    }

    @SuppressWarnings("unchecked")
    private static Object asDeclared(Map<?, ?> parameter, String text) {
        Object type = parameter.get("type");
        boolean takesText = type == null || "string".equals(type) || (type instanceof List<?> types && types.contains("string"));
        JsonNode value = takesText ? null : Templates.parse(text);
        if (value == null || !SchemaCheck.check("argument", (Map<String, Object>) parameter, value).isEmpty()) {
            return text;
        }
        return value;
    }

    private Started insert(TenantId tenant, UUID run, WorkflowStep step, UUID agentId, AgentSpec agent, String input,
            Map<String, Object> metadata, Instant now) {
        ExecutionId id = ExecutionId.newId();
        Optional<OutboxMessage> wakeUp = submits.insert(tenant, id, agentId, agent, input, metadata, now,
                "workflow:" + run + ":" + step.id());
        if (wakeUp.isEmpty()) {
            throw new IllegalStateException("step " + step.id() + " of run " + run + " has a child already");
        }
        runs.adopt(id.value(), run);
        return new Started(id.value(), wakeUp.get());
    }

    /**
     * Cancels a child that has not ended: a queued or waiting one at once (its {@code cancelled} event returned to
     * announce after commit), a running one at its next step boundary. A waiting child may be a supervisor waiting for
     * the agents it called as tools: those (and theirs) are cancelled with it, the running ones flagged like the child.
     */
    List<OutboxMessage> cancel(TenantId tenant, UUID execution, Instant now) {
        ExecutionId id = new ExecutionId(execution);
        Optional<ExecutionEvent> cancelled = transitions.cancelQueued(tenant, id).or(() -> approvals.cancelWaiting(tenant, id));
        if (cancelled.isEmpty()) {
            runs.requestCancel(execution);
            return List.of();
        }
        List<OutboxMessage> announced = new ArrayList<>(List.of(announce(tenant, cancelled.get(), now)));
        Delegations.Cascade below = delegations.cancelDescendants(tenant, id);
        below.events().forEach(event -> announced.add(announce(tenant, event, now)));
        below.running().forEach(running -> runs.requestCancel(running.value()));
        return announced;
    }

    private OutboxMessage announce(TenantId tenant, ExecutionEvent event, Instant now) {
        return outbox.add(Topics.EXECUTION_EVENTS, tenant.toString(), MessageCodec.encode(event), now);
    }
}
