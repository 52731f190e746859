package com.agentplatform.gateway.workflow;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.workflow.WorkflowStep;
import com.agentplatform.gateway.agent.AgentBody;
import com.agentplatform.gateway.agent.AgentRepository;
import com.agentplatform.gateway.agent.AgentRules;
import com.agentplatform.gateway.tool.ToolCatalog;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * What a workflow's steps name, checked against the tenant: stored agents (another tenant's agent is as unknown as a
 * missing one), inline agents (exactly as a submit checks them) and tools, whose arguments must match the tool's schema
 * by name.
 */
@Component
class StepChecks {

    private final AgentRules rules;
    private final AgentRepository agents;
    private final ToolCatalog tools;

    StepChecks(AgentRules rules, AgentRepository agents, ToolCatalog tools) {
        this.rules = rules;
        this.agents = agents;
        this.tools = tools;
    }

    /** The inline agent's fields and bounds (no database): errors under {@code <path>.agent.}. */
    void shape(String path, WorkflowStep step, List<FieldError> errors) {
        if (WorkflowStep.AGENT.equals(step.type()) && step.agent() != null) {
            inline(step).ifPresentOrElse(body -> rules.checkShape(path + ".agent.", body, false, errors),
                    () -> errors.add(new FieldError(path + ".agent", "is not an agent")));
        }
    }

    void agent(TenantId tenant, String path, WorkflowStep step, List<FieldError> unknownAgents, List<FieldError> problems) {
        if (step.agentId() != null) {
            if (agents.find(tenant, step.agentId()).isEmpty()) {
                unknownAgents.add(new FieldError(path + ".agent_id", "no agent " + step.agentId() + " in this tenant"));
            }
            return;
        }
        try {
            rules.resolve(tenant, inline(step).orElseThrow(), null, null);
        } catch (ApiException e) {
            if (e.errors().isEmpty()) {
                problems.add(new FieldError(path + ".agent", e.getMessage()));
            }
            e.errors().forEach(error -> problems.add(new FieldError(path + ".agent." + error.field(), error.message())));
        }
    }

    void tool(TenantId tenant, String path, WorkflowStep step, List<FieldError> problems) {
        if (!tools.unknown(tenant, List.of(step.tool())).isEmpty()) {
            problems.add(new FieldError(path + ".tool", "no tool '" + step.tool() + "' for this tenant"));
            return;
        }
        tools.parameters(tenant, step.tool()).ifPresent(schema -> arguments(path, step, schema, problems));
    }

    /** Arguments by name against the schema: every required one given, none it does not know (when it says so). */
    @SuppressWarnings("unchecked")
    private static void arguments(String path, WorkflowStep step, Map<String, Object> schema, List<FieldError> problems) {
        Map<String, String> given = step.arguments() == null ? Map.of() : step.arguments();
        if (schema.get("required") instanceof Collection<?> required) {
            required.stream().map(String::valueOf).filter(name -> !given.containsKey(name)).forEach(name ->
                    problems.add(new FieldError(path + ".arguments." + name, "is required by tool '" + step.tool() + "'")));
        }
        if (Boolean.FALSE.equals(schema.get("additionalProperties")) && schema.get("properties") instanceof Map<?, ?> properties) {
            given.keySet().stream().filter(name -> !((Map<String, Object>) properties).containsKey(name)).forEach(name ->
                    problems.add(new FieldError(path + ".arguments." + name, "is not an argument of tool '" + step.tool() + "'")));
        }
    }

    static Optional<AgentBody> inline(WorkflowStep step) {
        try {
            return Optional.ofNullable(WorkflowRepository.JSON.convertValue(step.agent(), AgentBody.class));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
