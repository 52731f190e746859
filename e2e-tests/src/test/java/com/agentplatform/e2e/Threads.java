package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Test helpers for threads: make one, run on it, read its messages. */
final class Threads {

    private Threads() {
    }

    static String create(String key) {
        Response created = Platform.get().api.call("POST", "/v1/threads", key, "{\"metadata\": {\"test\": true}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("status")).isEqualTo("idle");
        return created.id();
    }

    /** Submits a run on the thread; {@code query} such as {@code ?wait=30}, or empty. */
    static Response run(String key, String thread, String query, String body) {
        return Platform.get().api.call("POST", "/v1/threads/" + thread + "/executions" + query, key, body);
    }

    static Response accepted(String key, String thread, String body) {
        Response run = run(key, thread, "", body);
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        assertThat(run.text("thread_id")).isEqualTo(thread);
        return run;
    }

    static Response execution(String key, String id) {
        return Platform.get().api.get(key, "/v1/executions/" + id);
    }

    static void awaitStatus(String key, String id, String status) {
        await(id + " " + status).atMost(Duration.ofSeconds(40))
                .until(() -> status.equals(execution(key, id).text("status")));
    }

    static List<JsonNode> messages(String key, String thread) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Response page = Platform.get().api.get(key, "/v1/threads/" + thread + "/messages?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.body().get("data").forEach(all::add);
            cursor = page.text("next_cursor");
        } while (cursor != null);
        return all;
    }

    static List<String> roles(List<JsonNode> messages) {
        return messages.stream().map(message -> message.get("role").asString()).toList();
    }

    static Instant instant(Response execution, String field) {
        return Instant.parse(execution.text(field));
    }
}
