package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Stored agents that call agents as tools, and their children, for the supervisor tests. */
final class Supervisors {

    private Supervisors() {
    }

    static Response create(ApiClient api, Tenants.Created tenant, String name, String toolsJson, List<String> agents) {
        return api.call("POST", "/v1/agents", tenant.key(), body(name, toolsJson, agents, ""));
    }

    static Response replace(ApiClient api, Tenants.Created tenant, String id, String name, String toolsJson, List<String> agents) {
        return api.call("PUT", "/v1/agents/" + id, tenant.key(), body(name, toolsJson, agents, ""));
    }

    /** Creates the agent (offline model) and returns its id. */
    static String agent(ApiClient api, Tenants.Created tenant, String name, String toolsJson, List<String> agents) {
        Response created = create(api, tenant, name, toolsJson, agents);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.id();
    }

    /** An agent whose calculator calls wait for a person: its run stays {@code waiting} until approved. */
    static String approvingAgent(ApiClient api, Tenants.Created tenant, String name) {
        Response created = api.call("POST", "/v1/agents", tenant.key(),
                body(name, "[\"calculator\"]", null, ", \"require_approval\": [\"calculator\"]"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.id();
    }

    /** Two agents of the offline model, {@code Researcher} and {@code writer}, for a supervisor to call: their ids. */
    static List<String> specialists(ApiClient api, Tenants.Created tenant) {
        return List.of(agent(api, tenant, "Researcher", "[]", null), agent(api, tenant, "writer", "[]", null));
    }

    /** A supervisor whose every tool call, agents' included, waits for a person. */
    static String carefulSupervisor(ApiClient api, Tenants.Created tenant, String name, List<String> agents) {
        Response created = api.call("POST", "/v1/agents", tenant.key(), body(name, "[]", agents, ", \"require_approval\": [\"*\"]"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.id();
    }

    private static String body(String name, String toolsJson, List<String> agents, String more) {
        String calls = agents == null ? "" : ", \"agents\": [" + agents.stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(", ")) + "]";
        return "{\"name\": \"%s\", \"model\": \"offline:deterministic\", \"tools\": %s%s%s}".formatted(name, toolsJson, calls, more);
    }

    /** Waits until the parent waits for {@code count} children that all wait for approval; returns their ids in call order. */
    static List<String> awaitChildrenWaiting(ApiClient api, Tenants.Created tenant, String parent, int count) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "waiting".equals(api.get(tenant.key(), "/v1/executions/" + parent).text("status")));
        List<String> children = childrenOf(api, tenant, parent);
        assertThat(children).hasSize(count);
        for (String child : children) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "waiting".equals(api.get(tenant.key(), "/v1/executions/" + child).text("status")));
        }
        return children;
    }

    /** The children the parent's recorded agent calls started, in call order. */
    static List<String> childrenOf(ApiClient api, Tenants.Created tenant, String parent) {
        List<String> children = new ArrayList<>();
        for (JsonNode step : api.get(tenant.key(), "/v1/executions/" + parent + "/steps").body().get("data")) {
            JsonNode child = step.get("output").get("child");
            if (child != null) {
                children.add(child.get("execution_id").asString());
            }
        }
        return children;
    }

    static boolean isFinished(Response execution) {
        return List.of("succeeded", "failed", "cancelled", "timed_out").contains(execution.text("status"));
    }

    static void approve(ApiClient api, Tenants.Created tenant, String execution) {
        String callId = api.get(tenant.key(), "/v1/executions/" + execution).body().get("pending_approval").get("call_id").asString();
        Response decided = api.call("POST", "/v1/executions/" + execution + "/approval", tenant.key(),
                "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));
        assertThat(decided.status()).as(decided.raw()).isEqualTo(202);
    }
}
