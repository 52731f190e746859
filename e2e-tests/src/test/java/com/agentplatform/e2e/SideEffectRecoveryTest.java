package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.SharedTestStack;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A worker process is SIGKILLed while a tenant's POST tool is in flight. The call was recorded as an intent before
 * it was sent, so the worker that recovers the run does not send it again: the endpoint receives the POST exactly
 * once, with {@code Idempotency-Key: <execution_id>:<call_id>}, and the model is told the outcome is unknown.
 */
@Timeout(240)
class SideEffectRecoveryTest {

    @Test
    void aPostInFlightWhenItsWorkerIsKilledIsNotSentAgainByTheWorkerThatRecoversTheRun() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        try (OrdersEndpoint orders = new OrdersEndpoint()) {
            Response tool = api.call("POST", "/v1/tools", tenant.key(), """
                    {"name": "place_order", "description": "Places an order", "kind": "http",
                     "config": {"url": "%s", "method": "POST", "timeout_ms": 15000,
                                "parameters": {"type": "object", "properties": {"item": {"type": "string"}}}}}"""
                    .formatted(orders.url()));
            assertThat(tool.status()).as(tool.raw()).isEqualTo(201);

            String id = submitWhileOnlyADoomedWorkerRuns(api, tenant, orders);

            await().atMost(Duration.ofSeconds(90)).until(() -> isFinished(api.get(tenant.key(), "/v1/executions/" + id)));
            Response finished = api.get(tenant.key(), "/v1/executions/" + id);
            assertThat(finished.text("status")).as(finished.raw()).isEqualTo("succeeded");
            assertThat(finished.body().get("attempt").asInt()).as("recovered by a second attempt").isEqualTo(2);

            JsonNode steps = api.get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
            assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                    .containsExactly("llm:offline:deterministic", "tool:place_order", "llm:offline:deterministic");
            JsonNode call = steps.get(1);
            String callId = call.get("input").get("id").asString();
            assertThat(orders.received).as("the POST reached the endpoint exactly once").singleElement().satisfies(post -> {
                assertThat(post.method()).isEqualTo("POST");
                assertThat(post.idempotencyKey()).isEqualTo(id + ":" + callId);
                assertThat(post.body()).isEqualTo("{\"item\":\"pen\"}");
            });
            assertThat(call.get("output").get("outcome").asString()).isEqualTo("unknown");
            assertThat(finished.text("result")).as("the model was told, and answered with it")
                    .contains("place_order").contains("outcome of this call is unknown");
            assertThat(api.events(tenant.key(), id, null).types()).filteredOn("step"::equals).hasSize(3);
        }
    }

    /** A worker process claims the run and gets as far as sending the POST; then it is killed with SIGKILL. */
    private static String submitWhileOnlyADoomedWorkerRuns(ApiClient api, Tenants.Created tenant, OrdersEndpoint orders) {
        Platform.pauseInProcessWorker();
        try (ServiceProcess doomed = ServiceProcess.start("worker-intent", "execution-worker", workerSettings(),
                Path.of("target", "intent-logs"))) {
            Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                    {"agent": {"tools": ["place_order"]}, "input": "call place_order with {\\"item\\": \\"pen\\"}"}""");
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> orders.received.size() == 1);
            doomed.kill();
            return submitted.id();
        } finally {
            Platform.resumeInProcessWorker();
        }
    }

    private static boolean isFinished(Response execution) {
        return List.of("succeeded", "failed", "cancelled", "timed_out").contains(execution.text("status"));
    }

    private static Map<String, String> workerSettings() {
        Map<String, String> settings = new LinkedHashMap<>(SharedTestStack.get().springProperties());
        settings.put("platform.worker.id", "intent-worker");
        settings.put("platform.worker.lease", "3s");
        settings.put("platform.worker.lease-renew-interval", "1s");
        settings.put("platform.worker.http.allow-list", "127.0.0.1/32");
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }

    /** An order endpoint on loopback that keeps every request and answers none until it is closed. */
    private static final class OrdersEndpoint implements AutoCloseable {

        record Received(String method, String idempotencyKey, String body) {
        }

        private final HttpServer server;
        private final CountDownLatch release = new CountDownLatch(1);
        final List<Received> received = new CopyOnWriteArrayList<>();

        OrdersEndpoint() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/orders", exchange -> {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "{\"order\": \"o-1\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/orders";
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }
}
