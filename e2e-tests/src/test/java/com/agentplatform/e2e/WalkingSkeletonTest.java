package com.agentplatform.e2e;

import static com.agentplatform.e2e.ApiClient.ACME;
import static com.agentplatform.e2e.ApiClient.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.e2e.ApiClient.SseStream;
import com.agentplatform.e2e.Calculations.Submitted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The spine of the platform: REST → PostgreSQL → Kafka → worker → SSE, for two tenants at once. */
@Timeout(180)
class WalkingSkeletonTest {

    private static final int PER_TENANT = 50;

    private static ApiClient api;

    @BeforeAll
    static void bootPlatform() {
        api = Platform.get().api;
    }

    @Test
    void hundredExecutionsAcrossTwoTenantsSucceedOnceEachAndReplayInOrder() throws Exception {
        Map<String, Submitted> submitted = submitConcurrently();
        assertThat(submitted).hasSize(2 * PER_TENANT);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Submitted execution : submitted.values()) {
                assertThat(api.get(execution.apiKey(), "/v1/executions/" + execution.id()).body().get("status").asString())
                        .as("status of %s", execution.id()).isEqualTo("succeeded");
            }
        });

        for (Submitted execution : submitted.values()) {
            Response finished = api.get(execution.apiKey(), "/v1/executions/" + execution.id());
            assertThat(finished.body().get("result").asString()).isEqualTo("The answer is " + execution.expected() + ".");
            assertThat(finished.body().get("attempt").asInt()).as("attempts of %s", execution.id()).isEqualTo(1);
            assertThat(finished.body().get("usage").get("tool_calls").asInt()).isEqualTo(1);
            assertThat(finished.body().get("usage").get("llm_calls").asInt()).isEqualTo(2);

            SseStream replay = api.events(execution.apiKey(), execution.id(), null);
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.types()).containsExactly("queued", "running", "step", "step", "step", "succeeded");
            assertThat(replay.ids()).containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
            assertThat(replay.events().getLast().data().get("payload").get("result").asString())
                    .isEqualTo("The answer is " + execution.expected() + ".");
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheEventsAfterIt() {
        Submitted execution = Calculations.submit(ACME, 6);
        Calculations.awaitStatus(execution, "succeeded");
        List<Long> all = api.events(ACME, execution.id(), null).ids();

        for (long n = 0; n <= all.size(); n++) {
            SseStream resumed = api.events(ACME, execution.id(), Long.toString(n));
            long after = n;
            assertThat(resumed.ids()).as("events after %d", n).containsExactlyElementsOf(all.stream().filter(id -> id > after).toList());
        }
    }

    @Test
    void anotherTenantCannotSeeAnExecution() {
        Submitted acmes = Calculations.submit(ACME, 11);
        Calculations.awaitStatus(acmes, "succeeded");

        Response foreignRead = api.get(GLOBEX, "/v1/executions/" + acmes.id());
        assertThat(foreignRead.status()).isEqualTo(404);
        assertThat(foreignRead.contentType()).startsWith("application/problem+json");
        assertThat(foreignRead.body().get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(foreignRead.body().toString()).doesNotContain(acmes.input());

        assertThat(api.events(GLOBEX, acmes.id(), null).status()).isEqualTo(404);
        assertThat(api.get(GLOBEX, "/v1/executions/" + acmes.id() + "/events").body().toString()).doesNotContain(acmes.input());
    }

    @Test
    void requestsWithoutALiveKeyAreUnauthorized() {
        Submitted execution = Calculations.submit(ACME, 2);
        assertThat(api.get(null, "/v1/executions/" + execution.id()).status()).isEqualTo(401);
        assertThat(api.get("not-a-key", "/v1/executions/" + execution.id()).status()).isEqualTo(401);
        assertThat(api.get("not-a-key", "/v1/executions/" + execution.id()).body().get("code").asString())
                .isEqualTo("UNAUTHORIZED");
    }

    @Test
    void everyResponseCarriesARequestIdEchoedOrMade() {
        assertThat(api.call("GET", "/v1/tenant", ACME, null, "X-Request-Id", "trace-me-42").header("X-Request-Id"))
                .isEqualTo("trace-me-42");
        assertThat(api.call("GET", "/v1/tenant", null, null).header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(api.call("GET", "/v1/tenant", ACME, null, "X-Request-Id", "bad id with spaces").header("X-Request-Id"))
                .matches("[0-9a-f-]{36}");
    }

    private static Map<String, Submitted> submitConcurrently() throws Exception {
        Map<String, Submitted> submitted = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<Submitted>> futures = new ArrayList<>();
            for (int i = 1; i <= PER_TENANT; i++) {
                int n = i;
                futures.add(clients.submit(() -> Calculations.submit(ACME, n)));
                futures.add(clients.submit(() -> Calculations.submit(GLOBEX, 1000 + n)));
            }
            for (Future<Submitted> future : futures) {
                Submitted execution = future.get();
                submitted.put(execution.id(), execution);
            }
        }
        return submitted;
    }

}
