package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;

/** Test data: executions that ask the calculator for {@code n * 7 + 3}. */
final class Calculations {

    private Calculations() {
    }

    static Submitted submit(String apiKey, int n) {
        String input = "What is " + n + " * 7 + 3?";
        Response accepted = Platform.get().api.submit(apiKey, """
                {"agent": {"name": "math", "tools": ["calculator"]}, "input": "%s", "metadata": {"n": %d}}""".formatted(input, n));
        assertThat(accepted.status()).as("submit answer %s", accepted.body()).isEqualTo(202);
        assertThat(accepted.location()).isEqualTo("/v1/executions/" + accepted.id());
        assertThat(accepted.body().get("status").asString()).isIn("queued", "running", "succeeded");
        return new Submitted(apiKey, accepted.id(), input, n * 7L + 3);
    }

    static void awaitStatus(Submitted execution, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                status.equals(Platform.get().api.get(execution.apiKey(), "/v1/executions/" + execution.id()).body().get("status").asString()));
    }

    record Submitted(String apiKey, String id, String input, long expected) {
    }
}
