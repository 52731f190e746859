package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A thousand executions waiting for approval at once hold nothing: no worker permit (the worker's in-flight count is
 * zero), no running or queued slot of their tenant; meanwhile another tenant's runs are claimed and finish as usual.
 */
@Timeout(300)
class WaitingCapacityTest {

    private static final int WAITING = 1_000;
    private static final int OTHERS = 100;
    private static final Pattern IN_FLIGHT = Pattern.compile("(?m)^platform_executions_in_flight(?:\\{[^}]*})? ([0-9.]+)");

    private final ApiClient api = Platform.get().api;

    @Test
    void aThousandWaitingRunsHoldNoWorkerOrTenantSlotWhileAnotherTenantsRunsAllFinish() {
        Tenants.Created patient = Tenants.create("\"max_concurrent_executions\": 50, \"max_queued_executions\": 2000");
        Tenants.Created busy = Tenants.create("\"max_concurrent_executions\": 10");

        List<String> paused = submitAll(patient, WAITING, """
                {"agent": {"tools": ["calculator"], "require_approval": ["calculator"]}, "input": "What is 6 * 7?"}""");
        await("all waiting").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> usage(patient).get("waiting_executions").asLong() == WAITING);
        assertThat(usage(patient).get("running_executions").asLong()).as("waiting holds no running slot").isZero();
        assertThat(usage(patient).get("queued_executions").asLong()).isZero();
        await("the worker's permits all given back").atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 0);

        List<String> others = submitAll(busy, OTHERS, "{\"agent\": {\"tools\": [\"calculator\"]}, \"input\": \"What is 6 * 7?\"}");
        await("the other tenant's runs finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> usage(busy).get("queued_executions").asLong() + usage(busy).get("running_executions").asLong() == 0);

        assertThat(others).allSatisfy(id -> assertThat(api.get(busy.key(), "/v1/executions/" + id).text("status"))
                .isEqualTo("succeeded"));
        JsonNode still = usage(patient);
        assertThat(still.get("waiting_executions").asLong()).as("still all waiting, none resumed or lost").isEqualTo(WAITING);
        assertThat(still.get("running_executions").asLong()).isZero();

        callAll(paused, id -> api.call("POST", "/v1/executions/" + id + "/cancel", patient.key(), null));
        assertThat(usage(patient).get("waiting_executions").asLong()).as("cancelled while waiting").isZero();
    }

    private List<String> submitAll(Tenants.Created tenant, int count, String body) {
        List<String> ids = callAll(IntStream.range(0, count).mapToObj(Integer::toString).toList(),
                ignored -> api.call("POST", "/v1/executions", tenant.key(), body));
        assertThat(ids).hasSize(count);
        return ids;
    }

    /** One request per item, sixteen at a time; the ids of the answers (every answer must be a 2xx). */
    private static List<String> callAll(List<String> items, Function<String, Response> call) {
        Semaphore parallel = new Semaphore(16);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> answers = items.stream().map(item -> threads.submit(() -> {
                parallel.acquire();
                try {
                    return call.apply(item);
                } finally {
                    parallel.release();
                }
            })).toList();
            return answers.stream().map(answer -> {
                try {
                    Response response = answer.get();
                    assertThat(response.status()).as(response.raw()).isBetween(200, 299);
                    return response.id();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private JsonNode usage(Tenants.Created tenant) {
        return api.get(tenant.key(), "/v1/tenant").body().get("usage");
    }

    private static double inFlight() {
        int port = ((WebServerApplicationContext) Platform.get().worker).getWebServer().getPort();
        Matcher matcher = IN_FLIGHT.matcher(new ApiClient("http://localhost:" + port).get(null, "/actuator/prometheus").raw());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
