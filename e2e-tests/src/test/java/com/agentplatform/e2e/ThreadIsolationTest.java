package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Another tenant's thread answers 404 everywhere, its stream included; bad input on threads is a clear 400. */
@Timeout(120)
class ThreadIsolationTest {

    private static final String SECRET = "THREAD-SECRET-" + System.nanoTime();

    private static ApiClient api;
    private static Tenants.Created a;
    private static Tenants.Created b;
    private static String threadOfA;

    @BeforeAll
    static void tenantAHasAConversation() {
        api = Platform.get().api;
        a = Tenants.create();
        b = Tenants.create();
        threadOfA = Threads.create(a.key());
        Response run = Threads.run(a.key(), threadOfA, "?wait=30", "{\"agent\": {}, \"input\": \"" + SECRET + "\"}");
        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
    }

    @Test
    void everyThreadEndpointAnswersAnotherTenantWith404() {
        String path = "/v1/threads/" + threadOfA;
        List<Response> answers = List.of(
                api.call("GET", path, b.key(), null),
                api.call("PATCH", path, b.key(), "{\"metadata\": {\"x\": 1}}"),
                api.call("DELETE", path, b.key(), null),
                api.call("GET", path + "/messages", b.key(), null),
                api.call("POST", path + "/executions", b.key(), "{\"agent\": {}, \"input\": \"hi\"}"),
                api.call("GET", path + "/events", b.key(), null));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(404);
            assertThat(answer.text("code")).isEqualTo("NOT_FOUND");
            assertThat(answer.raw()).doesNotContain(SECRET);
        });
        assertThat(api.get(b.key(), "/v1/threads").raw()).doesNotContain(threadOfA);
        assertThat(Threads.messages(a.key(), threadOfA)).hasSize(2);
        assertThat(api.get(a.key(), path).status()).isEqualTo(200);
    }

    @Test
    void theThreadPathsAreInTheOpenApiDocumentWithExamples() {
        Response docs = api.get(null, "/v3/api-docs");

        assertThat(docs.body().get("paths").propertyNames()).contains("/v1/threads", "/v1/threads/{id}",
                "/v1/threads/{id}/messages", "/v1/threads/{id}/events", "/v1/threads/{id}/executions");
        assertThat(docs.body().get("components").get("schemas").get("ThreadRunRequest").get("example")).isNotNull();
        assertThat(docs.body().get("components").get("schemas").get("ThreadBody").get("example")).isNotNull();
    }

    @Test
    void badInputOnThreadsIsAClear400() {
        String path = "/v1/threads/" + threadOfA;
        List<Response> answers = List.of(
                api.call("POST", path + "/executions", a.key(), "{\"agent\": {}, \"input\": \"hi\", \"multitask_strategy\": \"shout\"}"),
                api.call("POST", path + "/executions", a.key(), "{\"agent\": {\"history_tokens\": 0}, \"input\": \"hi\"}"),
                api.call("POST", path + "/executions", a.key(), "{\"agent\": {}, \"input\": \"\"}"),
                api.call("POST", "/v1/executions", a.key(), "{\"agent\": {}, \"input\": \"hi\", \"multitask_strategy\": \"enqueue\"}"),
                api.call("GET", path + "/messages?cursor=not-a-cursor", a.key(), null),
                api.call("GET", path + "/messages?cursor=bTotNQ", a.key(), null),
                api.call("GET", path + "/messages?limit=0", a.key(), null),
                api.call("GET", "/v1/threads?cursor=%25%25", a.key(), null),
                api.call("PATCH", path, a.key(), "{\"metadata\": {}, \"status\": \"idle\"}"),
                api.call("POST", "/v1/threads", a.key(), "{\"metadata\": {\"big\": \"" + "x".repeat(17 * 1024) + "\"}}"),
                api.call("GET", path + "/events", a.key(), null, "Last-Event-ID", "nonsense"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        });
        assertThat(answers.getFirst().raw()).contains("multitask_strategy");
        assertThat(api.get(a.key(), "/v1/threads/not-an-id").status()).isEqualTo(404);
    }
}
