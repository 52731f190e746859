package com.agentplatform.gateway.agent;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.model.ModelCatalog;
import com.agentplatform.gateway.tool.ToolCatalog;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The bounds of an agent's fields and its defaults; the same for stored and inline agents. */
@Component
public class AgentRules {

    static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 2_000;
    private static final int MAX_INSTRUCTIONS = 50_000;
    private static final int MAX_TOOLS = 64;
    private static final long MAX_TOKENS = 10_000_000;
    /** The longest a call may wait for a person: thirty days. */
    static final int MAX_APPROVAL_TIMEOUT_SECONDS = 30 * 86_400;
    private static final int MAX_HISTORY_TOKENS = 1_000_000;
    /** Agents one agent may call as tools. */
    static final int MAX_AGENTS = 16;

    private final GatewaySettings.Executions limits;
    private final ToolCatalog tools;
    private final ModelCatalog models;

    AgentRules(GatewaySettings settings, ToolCatalog tools, ModelCatalog models) {
        this.limits = settings.executions();
        this.tools = tools;
        this.models = models;
    }

    /** Shape and bounds, named under {@code prefix} ({@code agent.} for an inline agent). */
    public void checkShape(String prefix, AgentBody agent, boolean nameRequired, List<FieldError> errors) {
        if (nameRequired && (agent.name() == null || agent.name().isBlank())) {
            errors.add(new FieldError(prefix + "name", "must not be empty"));
        }
        checkLength(errors, prefix + "name", agent.name(), MAX_NAME);
        checkLength(errors, prefix + "description", agent.description(), MAX_DESCRIPTION);
        checkLength(errors, prefix + "instructions", agent.instructions(), MAX_INSTRUCTIONS);
        checkLength(errors, prefix + "model", agent.model(), MAX_NAME);
        checkTools(errors, prefix + "tools", agent.tools());
        checkRange(errors, prefix + "max_steps", agent.maxSteps(), 1, limits.maxMaxSteps());
        checkRange(errors, prefix + "timeout_seconds", agent.timeoutSeconds(), 1, limits.maxTimeout().toSeconds());
        checkRange(errors, prefix + "max_tokens", agent.maxTokens(), 1, MAX_TOKENS);
        checkTools(errors, prefix + "require_approval", agent.requireApproval());
        checkRange(errors, prefix + "approval_timeout_seconds", agent.approvalTimeoutSeconds(), 1, MAX_APPROVAL_TIMEOUT_SECONDS);
        checkRange(errors, prefix + "history_tokens", agent.historyTokens(), 1, MAX_HISTORY_TOKENS);
        checkAgents(errors, prefix + "agents", agent.agents());
    }

    private static void checkAgents(List<FieldError> errors, String field, List<String> agents) {
        if (agents == null) {
            return;
        }
        if (agents.size() > MAX_AGENTS) {
            errors.add(new FieldError(field, "must list at most " + MAX_AGENTS + " agents"));
        } else if (agents.stream().anyMatch(id -> id == null || !AgentGraph.isUuid(id))) {
            errors.add(new FieldError(field, "must hold agent ids"));
        } else if (new LinkedHashSet<>(agents).size() != agents.size()) {
            errors.add(new FieldError(field, "must not repeat an agent"));
        }
    }

    /** The snapshot an execution runs, after checking that this deployment can run it for this tenant. */
    public AgentSpec resolve(TenantId tenant, AgentBody agent, String modelOverride, List<String> toolsOverride) {
        AgentSpec spec = new AgentSpec(
                agent.name() == null ? "inline" : agent.name(),
                agent.instructions(),
                modelOverride != null ? modelOverride : agent.model() != null ? agent.model() : limits.defaultModel(),
                toolsOverride != null ? toolsOverride : agent.tools() == null ? List.of() : agent.tools(),
                agent.maxSteps() == null ? limits.defaultMaxSteps() : agent.maxSteps(),
                agent.timeoutSeconds() == null ? (int) limits.defaultTimeout().toSeconds() : agent.timeoutSeconds(),
                agent.maxTokens() == null ? limits.defaultMaxTokens() : agent.maxTokens(),
                agent.requireApproval(),
                agent.approvalTimeoutSeconds() == null ? AgentSpec.DEFAULT_APPROVAL_TIMEOUT_SECONDS : agent.approvalTimeoutSeconds(),
                agent.historyTokens() == null ? AgentSpec.DEFAULT_HISTORY_TOKENS : agent.historyTokens(),
                agent.agents() == null ? List.of() : agent.agents().stream().map(id -> UUID.fromString(id).toString()).toList());
        models.check(spec.model());
        List<String> notTools = spec.requireApproval().stream().filter(name -> !isToolOf(spec, name)).toList();
        if (!notTools.isEmpty()) {
            throw ApiException.validation("require_approval", "names tools the agent does not have " + notTools
                    + "; list some of its tools, or \"" + AgentSpec.ALL_TOOLS + "\" for all");
        }
        List<String> unknown = tools.unknown(tenant, spec.tools());
        if (!unknown.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_TOOL", "unknown tools " + unknown,
                    List.of(new FieldError("tools", "unknown tools " + unknown)));
        }
        return spec;
    }

    /** {@code "*"}, one of the agent's tools, or one an MCP server of its tools offers ({@code <registration>__<tool>}). */
    private static boolean isToolOf(AgentSpec spec, String name) {
        int server = name.indexOf("__");
        return name.equals(AgentSpec.ALL_TOOLS) || spec.tools().contains(name)
                || (server > 0 && spec.tools().contains(name.substring(0, server)));
    }

    public static void checkTools(List<FieldError> errors, String field, List<String> tools) {
        if (tools == null) {
            return;
        }
        if (tools.size() > MAX_TOOLS) {
            errors.add(new FieldError(field, "must list at most " + MAX_TOOLS + " tools"));
        } else if (tools.stream().anyMatch(name -> name == null || name.isBlank() || name.length() > MAX_NAME)) {
            errors.add(new FieldError(field, "must hold non-empty tool names"));
        } else if (new LinkedHashSet<>(tools).size() != tools.size()) {
            errors.add(new FieldError(field, "must not repeat a tool"));
        }
    }

    public static void checkLength(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static void checkRange(List<FieldError> errors, String field, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }
}
