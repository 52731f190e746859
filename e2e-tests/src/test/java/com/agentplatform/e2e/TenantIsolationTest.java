package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.LiveStream;
import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tenant B, holding only its own key, learns nothing of tenant A: every A resource answers 404. */
@Timeout(120)
class TenantIsolationTest {

    private static final String SECRET = "A-SECRET-" + System.nanoTime();

    private static ApiClient api;
    private static Tenants.Created a;
    private static Tenants.Created b;
    private static String agentOfA;
    private static String executionOfA;
    private static final String TOOL_OF_A = "a_tool_" + System.nanoTime();

    @BeforeAll
    static void tenantAOwnsThings() {
        api = Platform.get().api;
        a = Tenants.create();
        b = Tenants.create();
        Response tool = api.call("POST", "/v1/tools", a.key(), """
                {"name": "%s", "description": "%s tool", "kind": "http", "config": {"url": "https://example.com/{q}", "method": "GET"}}"""
                .formatted(TOOL_OF_A, SECRET));
        assertThat(tool.status()).as(tool.raw()).isEqualTo(201);
        Response agent = api.call("POST", "/v1/agents", a.key(), """
                {"name": "%s agent", "instructions": "%s", "tools": ["calculator", "%s"]}""".formatted(SECRET, SECRET, TOOL_OF_A));
        assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
        agentOfA = agent.id();
        Response execution = api.call("POST", "/v1/executions?wait=30", a.key(), """
                {"agent": {"name": "%s", "tools": ["calculator"]}, "input": "%s: what is 2 + 2?"}""".formatted(SECRET, SECRET));
        assertThat(execution.status()).as(execution.raw()).isEqualTo(200);
        assertThat(execution.text("status")).isEqualTo("succeeded");
        executionOfA = execution.id();
    }

    @Test
    void everyEndpointAnswersAnotherTenantsIdsWith404AndNoData() {
        String agentBody = "{\"name\": \"b\", \"tools\": [\"calculator\"]}";
        String toolBody = "{\"description\": \"b\", \"kind\": \"http\", \"config\": {\"url\": \"https://example.com\"}}";
        List<Response> answers = List.of(
                api.call("GET", "/v1/agents/" + agentOfA, b.key(), null),
                api.call("PUT", "/v1/agents/" + agentOfA, b.key(), agentBody),
                api.call("DELETE", "/v1/agents/" + agentOfA, b.key(), null),
                api.call("POST", "/v1/agents/" + agentOfA + "/executions", b.key(), "{\"input\": \"hi\"}"),
                api.call("POST", "/v1/executions", b.key(), "{\"agent_id\": \"" + agentOfA + "\", \"input\": \"hi\"}"),
                api.call("GET", "/v1/tools/" + TOOL_OF_A, b.key(), null),
                api.call("PUT", "/v1/tools/" + TOOL_OF_A, b.key(), toolBody),
                api.call("DELETE", "/v1/tools/" + TOOL_OF_A, b.key(), null),
                api.call("GET", "/v1/executions/" + executionOfA, b.key(), null),
                api.call("GET", "/v1/executions/" + executionOfA + "/steps", b.key(), null),
                api.call("GET", "/v1/executions/" + executionOfA + "/events", b.key(), null),
                api.call("POST", "/v1/executions/" + executionOfA + "/cancel", b.key(), null),
                api.call("POST", "/v1/executions/" + executionOfA + "/approval", b.key(),
                        "{\"call_id\": \"call_1\", \"decision\": \"approve\"}"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.text("code")).isEqualTo("NOT_FOUND");
            assertThat(answer.raw()).doesNotContain(SECRET).doesNotContain(a.id()).doesNotContain(a.name());
        });
        assertThat(api.events(b.key(), executionOfA, null).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsListsShowNoneOfItsThings() {
        for (String path : List.of("/v1/executions", "/v1/agents", "/v1/tools", "/v1/agents?tool=" + TOOL_OF_A, "/v1/tenant")) {
            Response answer = api.call("GET", path, b.key(), null);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.raw()).as(path).doesNotContain(SECRET).doesNotContain(agentOfA).doesNotContain(executionOfA)
                    .doesNotContain(TOOL_OF_A).doesNotContain(a.id());
        }
    }

    @Test
    void theTenantWideStreamCarriesOnlyTheCallersEvents() {
        Response own = api.call("POST", "/v1/executions?wait=30", b.key(), """
                {"agent": {"tools": ["calculator"]}, "input": "what is 3 + 3?"}""");
        assertThat(own.text("status")).isEqualTo("succeeded");
        try (LiveStream stream = api.followPath(b.key(), "/v1/events", null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.types().contains("succeeded"));
            assertThat(stream.events).allSatisfy(event -> {
                assertThat(event.rawId()).startsWith(own.id() + ":");
                assertThat(event.data().toString()).doesNotContain(SECRET);
            });
        }
    }

    @Test
    void theAttemptsChangedNothingOfTenantA() {
        everyEndpointAnswersAnotherTenantsIdsWith404AndNoData();
        assertThat(api.call("GET", "/v1/agents/" + agentOfA, a.key(), null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/v1/tools/" + TOOL_OF_A, a.key(), null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/v1/executions/" + executionOfA, a.key(), null).text("status")).isEqualTo("succeeded");
    }

    @Test
    void noKeyAWrongKeyAndARevokedKeyAreAllUnauthorized() {
        Tenants.Created c = Tenants.create();
        assertThat(api.call("GET", "/v1/tenant", c.key(), null).status()).isEqualTo(200);
        Response revoked = api.admin("DELETE", "/admin/v1/tenants/" + c.id() + "/api-keys/" + c.keyId(), null);
        assertThat(revoked.status()).isEqualTo(204);

        List<String[]> endpoints = List.of(
                new String[] {"GET", "/v1/tenant"}, new String[] {"GET", "/v1/executions"},
                new String[] {"POST", "/v1/executions"}, new String[] {"GET", "/v1/executions/" + executionOfA},
                new String[] {"GET", "/v1/executions/" + executionOfA + "/steps"},
                new String[] {"GET", "/v1/executions/" + executionOfA + "/events"},
                new String[] {"POST", "/v1/executions/" + executionOfA + "/cancel"}, new String[] {"GET", "/v1/events"},
                new String[] {"POST", "/v1/executions/" + executionOfA + "/approval"},
                new String[] {"GET", "/v1/agents"}, new String[] {"POST", "/v1/agents"},
                new String[] {"GET", "/v1/agents/" + agentOfA}, new String[] {"DELETE", "/v1/agents/" + agentOfA},
                new String[] {"POST", "/v1/agents/" + agentOfA + "/executions"}, new String[] {"GET", "/v1/tools"},
                new String[] {"POST", "/v1/tools"}, new String[] {"GET", "/v1/tools/" + TOOL_OF_A});
        for (String[] endpoint : endpoints) {
            String body = endpoint[0].equals("POST") ? "{}" : null;
            for (String key : new String[] {null, "wrong-key", "apk_wrongwro_" + "x".repeat(43), c.key()}) {
                Response answer = api.call(endpoint[0], endpoint[1], key, body);
                assertThat(answer.status()).as("%s %s with key %s", endpoint[0], endpoint[1], key).isEqualTo(401);
                assertThat(answer.text("code")).isEqualTo("UNAUTHORIZED");
                assertThat(answer.raw()).doesNotContain(SECRET);
            }
        }
        assertThat(api.admin("GET", "/admin/v1/tenants", null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/admin/v1/tenants", a.key(), null).status()).isEqualTo(401);
    }
}
