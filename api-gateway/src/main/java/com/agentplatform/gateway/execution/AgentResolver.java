package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.tool.BuiltInTool;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Checks a submit request and turns it into the agent snapshot the execution will run. */
@Component
class AgentResolver {

    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 2_000;
    private static final int MAX_INSTRUCTIONS = 50_000;
    private static final int MAX_TOOLS = 64;
    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final GatewaySettings.Executions limits;
    private final JsonMapper json;

    AgentResolver(GatewaySettings settings, JsonMapper json) {
        this.limits = settings.executions();
        this.json = json;
    }

    AgentSpec resolve(SubmitExecutionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        checkShape(request, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        if (request.agentId() != null) {
            // Stored agents arrive with the agents API; until then no id can name one.
            throw ApiException.notFound("agent " + request.agentId());
        }
        SubmitExecutionRequest.InlineAgent agent = request.agent();
        AgentSpec spec = new AgentSpec(
                agent.name() == null ? "inline" : agent.name(),
                agent.instructions(),
                firstNonNull(request.model(), agent.model(), limits.models().getFirst()),
                request.tools() != null ? request.tools() : agent.tools() == null ? List.of() : agent.tools(),
                agent.maxSteps() == null ? limits.defaultMaxSteps() : agent.maxSteps(),
                agent.timeoutSeconds() == null ? (int) limits.defaultTimeout().toSeconds() : agent.timeoutSeconds(),
                agent.maxTokens() == null ? limits.defaultMaxTokens() : agent.maxTokens());
        checkRunnable(spec);
        return spec;
    }

    private void checkShape(SubmitExecutionRequest request, List<FieldError> errors) {
        if ((request.agentId() == null) == (request.agent() == null)) {
            errors.add(new FieldError("agent", "give exactly one of agent_id and agent"));
        }
        if (request.input() == null || request.input().isBlank()) {
            errors.add(new FieldError("input", "must not be empty"));
        } else if (request.input().length() > limits.maxInputChars()) {
            errors.add(new FieldError("input", "must be at most " + limits.maxInputChars() + " characters"));
        }
        checkLength(errors, "model", request.model(), MAX_NAME);
        checkTools(errors, "tools", request.tools());
        if (request.metadata() != null && json.writeValueAsBytes(request.metadata()).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON"));
        }
        SubmitExecutionRequest.InlineAgent agent = request.agent();
        if (agent != null) {
            checkLength(errors, "agent.name", agent.name(), MAX_NAME);
            checkLength(errors, "agent.description", agent.description(), MAX_DESCRIPTION);
            checkLength(errors, "agent.instructions", agent.instructions(), MAX_INSTRUCTIONS);
            checkLength(errors, "agent.model", agent.model(), MAX_NAME);
            checkTools(errors, "agent.tools", agent.tools());
            checkRange(errors, "agent.max_steps", agent.maxSteps(), 1, limits.maxMaxSteps());
            checkRange(errors, "agent.timeout_seconds", agent.timeoutSeconds(), 1, limits.maxTimeout().toSeconds());
            checkRange(errors, "agent.max_tokens", agent.maxTokens(), 1, 10_000_000);
        }
    }

    private void checkRunnable(AgentSpec spec) {
        if (!limits.models().contains(spec.model())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_MODEL",
                    "model '" + spec.model() + "' is not available here; available: " + limits.models(),
                    List.of(new FieldError("model", "is not available")));
        }
        List<String> unknown = spec.tools().stream().filter(name -> BuiltInTool.named(name).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_TOOL", "unknown tools " + unknown,
                    List.of(new FieldError("tools", "unknown tools " + unknown)));
        }
    }

    private static void checkTools(List<FieldError> errors, String field, List<String> tools) {
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

    private static void checkLength(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static void checkRange(List<FieldError> errors, String field, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        throw new IllegalStateException("no default");
    }
}
