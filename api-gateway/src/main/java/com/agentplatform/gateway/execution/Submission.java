package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.agent.AgentGraph;
import com.agentplatform.gateway.agent.AgentRepository;
import com.agentplatform.gateway.agent.AgentRules;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Checks a submit request and turns it into the agent snapshot the execution will run. */
@Component
class Submission {

    private static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final JsonMapper CANONICAL = JsonMapping.messages().rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final AgentRules rules;
    private final AgentRepository agents;
    private final AgentGraph graph;
    private final GatewaySettings.Executions limits;

    Submission(AgentRules rules, AgentRepository agents, AgentGraph graph, GatewaySettings settings) {
        this.rules = rules;
        this.agents = agents;
        this.graph = graph;
        this.limits = settings.executions();
    }

    AgentSpec resolve(TenantId tenant, SubmitExecutionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if ((request.agentId() == null) == (request.agent() == null)) {
            errors.add(new FieldError("agent", "give exactly one of agent_id and agent"));
        }
        if (request.input() == null || request.input().isBlank()) {
            errors.add(new FieldError("input", "must not be empty"));
        } else if (request.input().length() > limits.maxInputChars()) {
            errors.add(new FieldError("input", "must be at most " + limits.maxInputChars() + " characters"));
        }
        AgentRules.checkLength(errors, "model", request.model(), 200);
        AgentRules.checkTools(errors, "tools", request.tools());
        if (request.metadata() != null && CANONICAL.writeValueAsBytes(request.metadata()).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON"));
        }
        if (request.agent() != null) {
            rules.checkShape("agent.", request.agent(), false, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        if (request.agentId() != null) {
            AgentSpec stored = agents.find(tenant, request.agentId())
                    .map(AgentRepository::snapshot)
                    .orElseThrow(() -> ApiException.notFound("agent " + request.agentId()));
            return rules.resolve(tenant, asBody(stored), request.model(), request.tools());
        }
        AgentSpec inline = rules.resolve(tenant, request.agent(), request.model(), request.tools());
        // An inline agent may call stored ones: they must be the tenant's, and not nest too deep below it.
        graph.check(tenant, null, inline);
        return inline;
    }

    static void checkIdempotencyKey(String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.validation("Idempotency-Key", "must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
    }

    /** The request's fingerprint: the same key with another body is a conflict. */
    static String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.agentplatform.gateway.agent.AgentBody asBody(AgentSpec spec) {
        return new com.agentplatform.gateway.agent.AgentBody(spec.name(), null, spec.instructions(), spec.model(), spec.tools(),
                spec.maxSteps(), spec.timeoutSeconds(), spec.maxTokens(), spec.requireApproval(), spec.approvalTimeoutSeconds(),
                spec.historyTokens(), spec.agents());
    }
}
