package com.agentplatform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream's wire behaviour against a small SSE server of the test's own, which can drop a connection at an exact
 * point (the end-to-end test follows real executions on the gateway).
 */
class ExecutionStreamTest {

    private static final UUID EXECUTION = UUID.fromString("0193a5b0-7c1e-7000-8000-000000000001");

    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch testDone = new CountDownLatch(1);
    private HttpServer server;
    private ApiClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + server.getAddress().getPort());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer test-key"));
    }

    @AfterEach
    void stopServer() {
        testDone.countDown();
        server.stop(0);
    }

    @Test
    void resumesAfterADroppedConnectionWithLastEventIdAndEndsAfterTheTerminalEvent() {
        serve(exchange -> {
            if (requests.incrementAndGet() == 1) {
                // The first connection carries two events, then drops before the execution has finished.
                write(exchange, "retry: 10\n\nid: 1\nevent: queued\ndata: {\"status\":\"queued\"}\n\n"
                        + "id: 2\nevent: running\ndata: {\"status\":\"running\"}\n\n");
                exchange.close();
            } else {
                // The second replays what followed event 2 and stays open: the client must stop by itself.
                write(exchange, ": ping\n\nid: 3\nevent: step\ndata: {\"seq\":1}\n\nevent: token\ndata: {\"delta\":\"4\"}\n\n"
                        + "id: 4\nevent: succeeded\ndata: {\"status\":\"succeeded\"}\n\n");
                awaitTestEnd();
            }
        });

        try (ExecutionStream stream = ExecutionStream.follow(client, EXECUTION)) {
            assertThat(stream.events().map(ExecutionStream.Event::type))
                    .containsExactly("queued", "running", "step", "token", "succeeded");
            assertThat(stream.connections()).isEqualTo(2);
            assertThat(stream.lastEventId()).isEqualTo("4");
        }
        assertThat(lastEventIds).containsExactly("", "2");
        assertThat(authorizations).containsOnly("Bearer test-key").hasSize(2);
    }

    @Test
    void resumesAfterAGivenEventId() {
        serve(exchange -> write(exchange, "id: 4\nevent: succeeded\ndata: {}\n\n"));

        try (ExecutionStream stream = ExecutionStream.resume(client, EXECUTION, "3")) {
            assertThat(stream.events().map(ExecutionStream.Event::id)).containsExactly("4");
        }
        assertThat(lastEventIds).containsExactly("3");
    }

    @Test
    void givesUpAtOnceOnAnUnknownExecution() {
        serve(exchange -> {
            byte[] problem = "{\"status\":404,\"code\":\"NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });

        try (ExecutionStream stream = ExecutionStream.follow(client, EXECUTION)) {
            assertThatThrownBy(() -> stream.iterator().hasNext())
                    .isInstanceOfSatisfying(ExecutionStreamException.class, e -> assertThat(e.status()).isEqualTo(404))
                    .hasMessageContaining("NOT_FOUND");
        }
        assertThat(lastEventIds).hasSize(1);
    }

    private void serve(Handler handler) {
        server.createContext("/v1/executions/" + EXECUTION + "/events", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")).replace("null", ""));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            handler.handle(exchange);
        });
    }

    private static void write(HttpExchange exchange, String events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.write(events.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    private void awaitTestEnd() {
        try {
            testDone.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
