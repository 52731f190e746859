package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.LiveStream;
import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/** Agents, tools, listing, steps, cancel, wait, the tenant-wide stream and the API description. */
@Timeout(180)
class ResourcesApiTest {

    private static ApiClient api;

    @BeforeAll
    static void boot() {
        api = Platform.get().api;
    }

    @Test
    void agentsAreStoredListedNewestFirstByCursorFilteredByToolAndSnapshottedAtSubmit() {
        Tenants.Created tenant = Tenants.create();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String tools = i % 2 == 0 ? "[\"calculator\", \"current_time\"]" : "[\"calculator\"]";
            Response agent = api.call("POST", "/v1/agents", tenant.key(), """
                    {"name": "agent-%d", "description": "d", "instructions": "Be exact.", "model": "simulated:default", "tools": %s, "max_steps": 8}"""
                    .formatted(i, tools));
            assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
            assertThat(agent.location()).isEqualTo("/v1/agents/" + agent.id());
            assertThat(agent.body().get("max_steps").asInt()).isEqualTo(8);
            assertThat(agent.body().get("timeout_seconds").asInt()).isPositive();
            created.add(agent.id());
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get(tenant.key(), "/v1/agents?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.body().get("data").size()).isLessThanOrEqualTo(2);
            page.body().get("data").forEach(agent -> listed.add(agent.get("id").asString()));
            cursor = page.text("next_cursor");
        } while (cursor != null);
        assertThat(listed).containsExactlyElementsOf(created.reversed());

        Response withClock = api.get(tenant.key(), "/v1/agents?tool=current_time");
        assertThat(withClock.body().get("data")).extracting(agent -> agent.get("name").asString())
                .containsExactlyInAnyOrder("agent-0", "agent-2", "agent-4");

        String agentId = created.getFirst();
        Response execution = api.call("POST", "/v1/agents/" + agentId + "/executions", tenant.key(), "{\"input\": \"What is 1 + 1?\"}");
        assertThat(execution.status()).as(execution.raw()).isEqualTo(202);
        Response replaced = api.call("PUT", "/v1/agents/" + agentId, tenant.key(), """
                {"name": "agent-0 v2", "model": "offline:deterministic", "tools": ["current_time"]}""");
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(replaced.text("name")).isEqualTo("agent-0 v2");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + execution.id()).text("status")));
        Response finished = api.get(tenant.key(), "/v1/executions/" + execution.id());
        assertThat(finished.text("model")).as("the run used the agent as it was at submit").isEqualTo("simulated:default");
        assertThat(finished.text("result")).isEqualTo("The answer is 2.");
        assertThat(finished.text("agent_id")).isEqualTo(agentId);
        assertThat(api.get(tenant.key(), "/v1/executions?agent_id=" + agentId).body().get("data"))
                .extracting(item -> item.get("id").asString()).containsExactly(execution.id());

        assertThat(api.call("DELETE", "/v1/agents/" + agentId, tenant.key(), null).status()).isEqualTo(204);
        assertThat(api.get(tenant.key(), "/v1/agents/" + agentId).status()).isEqualTo(404);
    }

    @Test
    void tenantToolsAreListedBesideTheBuiltInOnesAndCannotBeDeletedWhileUsed() {
        Tenants.Created tenant = Tenants.create();
        Response tool = api.call("POST", "/v1/tools", tenant.key(), """
                {"name": "weather", "description": "Weather by city", "kind": "http",
                 "config": {"url": "https://weather.example.com/v1/{city}", "method": "GET",
                            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}""");
        assertThat(tool.status()).as(tool.raw()).isEqualTo(201);
        Response mcp = api.call("POST", "/v1/tools", tenant.key(), """
                {"name": "docs", "description": "Docs search over MCP", "kind": "mcp", "config": {"url": "https://mcp.example.com/mcp"}}""");
        assertThat(mcp.status()).as(mcp.raw()).isEqualTo(201);
        assertThat(api.call("POST", "/v1/tools", tenant.key(), """
                {"name": "docs", "description": "again", "kind": "mcp", "config": {"url": "https://mcp.example.com/mcp"}}""").status())
                .isEqualTo(409);

        JsonNode catalog = api.get(tenant.key(), "/v1/tools").body().get("data");
        assertThat(catalog).extracting(entry -> entry.get("name").asString() + ":" + entry.get("kind").asString())
                .contains("calculator:builtin", "current_time:builtin", "tenant_info:builtin", "http_get:builtin", "weather:http", "docs:mcp")
                .as("web_search is offered only with a search backend").doesNotContain("web_search:builtin");
        JsonNode calculator = catalog.valueStream().filter(entry -> entry.get("name").asString().equals("calculator")).findFirst().orElseThrow();
        assertThat(calculator.get("parameters").get("required").get(0).asString()).isEqualTo("expression");

        Response agent = api.call("POST", "/v1/agents", tenant.key(), "{\"name\": \"forecaster\", \"tools\": [\"weather\"]}");
        assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
        Response inUse = api.call("DELETE", "/v1/tools/weather", tenant.key(), null);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.text("code")).isEqualTo("TOOL_IN_USE");

        Response updated = api.call("PUT", "/v1/tools/weather", tenant.key(), """
                {"description": "Weather by city, in metric units", "kind": "http", "config": {"url": "https://weather.example.com/v2/{city}"}}""");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.text("description")).isEqualTo("Weather by city, in metric units");

        assertThat(api.call("DELETE", "/v1/agents/" + agent.id(), tenant.key(), null).status()).isEqualTo(204);
        assertThat(api.call("DELETE", "/v1/tools/weather", tenant.key(), null).status()).isEqualTo(204);
        assertThat(api.call("DELETE", "/v1/tools/calculator", tenant.key(), null).status()).isEqualTo(409);
        assertThat(api.call("POST", "/v1/agents", tenant.key(), "{\"name\": \"x\", \"tools\": [\"weather\"]}").status()).isEqualTo(422);
    }

    @Test
    void executionsAreListedByStatusAndTheirStepsRead() {
        Tenants.Created tenant = Tenants.create();
        Response done = api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(40, "offline:deterministic"));
        assertThat(done.status()).as("finished within the wait").isEqualTo(200);
        assertThat(done.text("status")).isEqualTo("succeeded");
        Response failed = api.call("POST", "/v1/executions?wait=30", tenant.key(), """
                {"agent": {"tools": ["calculator"], "max_steps": 1}, "input": "What is 2 * 21?"}""");
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.body().get("error").get("code").asString()).isEqualTo("MAX_STEPS_EXCEEDED");

        assertThat(api.get(tenant.key(), "/v1/executions?status=succeeded").body().get("data"))
                .extracting(item -> item.get("id").asString()).containsExactly(done.id());
        assertThat(api.get(tenant.key(), "/v1/executions?status=failed").body().get("data"))
                .extracting(item -> item.get("id").asString()).containsExactly(failed.id());
        assertThat(api.get(tenant.key(), "/v1/executions").body().get("data"))
                .extracting(item -> item.get("id").asString()).containsExactly(failed.id(), done.id());

        JsonNode steps = api.get(tenant.key(), "/v1/executions/" + done.id() + "/steps").body().get("data");
        assertThat(steps).extracting(step -> step.get("seq").asInt() + ":" + step.get("kind").asString() + ":" + step.get("name").asString())
                .containsExactly("1:llm:offline:deterministic", "2:tool:calculator", "3:llm:offline:deterministic");
        assertThat(steps.get(1).get("output").get("result").asString()).isEqualTo("41");
        assertThat(steps.get(1).get("input").get("arguments").asString()).contains("40 + 1");
        assertThat(steps.get(0).get("duration_ms").asLong()).isNotNegative();
    }

    @Test
    void aQueuedExecutionIsCancelledAtOnceAndARunningOneAtItsNextStep() {
        Tenants.Created tenant = Tenants.create();
        MessageListenerContainer requests = Platform.workerRequests();
        requests.pause();
        await().atMost(Duration.ofSeconds(15)).until(requests::isContainerPaused);
        Response queued;
        try {
            queued = api.call("POST", "/v1/executions", tenant.key(), LimitsTest.calculation(1, "offline:deterministic"));
            Response cancelled = api.call("POST", "/v1/executions/" + queued.id() + "/cancel", tenant.key(), null);
            assertThat(cancelled.status()).isEqualTo(202);
            assertThat(cancelled.text("status")).isEqualTo("cancelled");
        } finally {
            requests.resume();
        }
        assertThat(api.events(tenant.key(), queued.id(), null).types()).containsExactly("queued", "cancelled");

        Response running = api.call("POST", "/v1/executions", tenant.key(), LimitsTest.calculation(2, "simulated:default"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                "running".equals(api.get(tenant.key(), "/v1/executions/" + running.id()).text("status")));
        assertThat(api.call("POST", "/v1/executions/" + running.id() + "/cancel", tenant.key(), null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "cancelled".equals(api.get(tenant.key(), "/v1/executions/" + running.id()).text("status")));
        List<String> types = api.events(tenant.key(), running.id(), null).types();
        assertThat(types.getFirst()).isEqualTo("queued");
        assertThat(types.getLast()).isEqualTo("cancelled");
        assertThat(types).doesNotContain("succeeded");
        assertThat(api.get(tenant.key(), "/v1/executions/" + running.id()).body().get("error").get("code").asString())
                .isEqualTo("CANCELLED");

        Response again = api.call("POST", "/v1/executions/" + running.id() + "/cancel", tenant.key(), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("EXECUTION_FINISHED");
    }

    @Test
    void theTenantWideStreamResumesAfterTheGivenEvent() {
        Tenants.Created tenant = Tenants.create();
        Response first = api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(1, "offline:deterministic"));
        Response second = api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(2, "offline:deterministic"));
        assertThat(second.text("status")).isEqualTo("succeeded");

        try (LiveStream resumed = api.followPath(tenant.key(), "/v1/events", first.id() + ":3")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> resumed.events.size() >= 9);
            assertThat(resumed.events).extracting(ApiClient.SseEvent::rawId).containsExactly(
                    first.id() + ":4", first.id() + ":5", first.id() + ":6",
                    second.id() + ":1", second.id() + ":2", second.id() + ":3", second.id() + ":4", second.id() + ":5",
                    second.id() + ":6");
        }
    }

    @Test
    void theTenantEndpointTellsLimitsAndUsage() {
        Tenants.Created tenant = Tenants.create("\"rate_limit_per_minute\": 1000, \"max_concurrent_executions\": 3");
        api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(1, "offline:deterministic"));
        Response me = api.get(tenant.key(), "/v1/tenant");
        assertThat(me.text("id")).isEqualTo(tenant.id());
        assertThat(me.text("name")).isEqualTo(tenant.name());
        assertThat(me.body().get("limits").get("rate_limit_per_minute").asInt()).isEqualTo(1000);
        assertThat(me.body().get("limits").get("max_concurrent_executions").asInt()).isEqualTo(3);
        assertThat(me.body().get("usage").get("total_executions").asLong()).isEqualTo(1);
        assertThat(me.body().get("usage").get("input_tokens").asLong()).isPositive();

        Response patched = api.admin("PATCH", "/admin/v1/tenants/" + tenant.id(), "{\"max_queued_executions\": 7}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().get("max_queued_executions").asInt()).isEqualTo(7);
        assertThat(patched.body().get("max_concurrent_executions").asInt()).isEqualTo(3);
        assertThat(api.admin("GET", "/admin/v1/tenants/" + tenant.id(), null).body().get("max_queued_executions").asInt()).isEqualTo(7);
        assertThat(api.admin("POST", "/admin/v1/tenants", "{\"name\": \"" + tenant.name() + "\"}").status()).isEqualTo(409);
    }

    @Test
    void aSingleTenantDeploymentMapsEveryKeyToItsTenant() {
        Tenants.Created pinned = Tenants.create();
        Tenants.Created other = Tenants.create();
        try (ConfigurableApplicationContext gateway = Platform.extraGateway(Map.of("platform.gateway.single-tenant", pinned.name()))) {
            ApiClient single = Platform.clientOf(gateway);
            assertThat(single.get(other.key(), "/v1/tenant").text("name")).isEqualTo(pinned.name());
            assertThat(single.get("not-a-key", "/v1/tenant").status()).isEqualTo(401);
        }
    }

    @Test
    void modelsListWhatThisDeploymentRunsAndAnUnconfiguredProviderIsRefusedAtSubmit() {
        Tenants.Created tenant = Tenants.create();
        assertThat(api.get(tenant.key(), "/v1/models").body().get("data")).extracting(model -> model.get("name").asString())
                .containsExactly("offline:deterministic", "simulated:default", "openai:*");
        Response refused = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent": {"model": "anthropic:claude-sonnet-4-5"}, "input": "hi"}""");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("UNKNOWN_MODEL");
        assertThat(refused.text("detail")).contains("GET /v1/models");
    }

    @Test
    void theApiDescribesItselfInOpenApi() {
        Response docs = api.get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").propertyNames()).contains("/v1/executions", "/v1/executions/{id}",
                "/v1/executions/{id}/events", "/v1/executions/{id}/steps", "/v1/executions/{id}/cancel", "/v1/events",
                "/v1/agents", "/v1/agents/{id}", "/v1/agents/{agentId}/executions", "/v1/tools", "/v1/tools/{name}",
                "/v1/tenant", "/v1/models", "/admin/v1/tenants", "/admin/v1/tenants/{id}/api-keys");
        assertThat(docs.body().get("components").get("schemas").propertyNames()).as(docs.raw()).contains("ExecutionView", "ProblemDetail");
        assertThat(docs.body().get("paths").get("/v1/executions").get("post").get("responses").propertyNames()).contains("202", "400", "401", "429");
        assertThat(api.get(null, "/swagger-ui.html").status()).isIn(200, 302);
    }
}
