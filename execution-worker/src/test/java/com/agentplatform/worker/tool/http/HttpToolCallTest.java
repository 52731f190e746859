package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.worker.tool.ToolFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpToolCallTest {

    private final LocalServer server = LocalServer.start();
    private final HttpToolCall call = new HttpToolCall(TestClients.client(
            HttpFetchSettings.defaults().withAllowList("127.0.0.1/32"), TestClients.NO_LOOKUP, Dialer.DIRECT));

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void getsTheUrlFilledWithEncodedArguments() {
        AtomicReference<String> requested = new AtomicReference<>();
        server.on("/users/", exchange -> {
            requested.set(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
            respond(exchange, 200, "application/json", "{\"name\":\"Ann\"}");
        });
        HttpToolConfig config = new HttpToolConfig(server.url("/users/{id}?q={q}"), "GET", Map.of(), null);

        String answer = call.call(config, "{\"id\": \"a/b c\", \"q\": \"x&admin=1\", \"unused\": true}");

        assertThat(answer).isEqualTo("{\"name\":\"Ann\"}");
        assertThat(requested.get()).isEqualTo("/users/a%2Fb%20c?q=x%26admin%3D1");
    }

    @Test
    void postsTheArgumentsTheUrlDidNotUseAsJsonWithTheToolsHeaders() {
        AtomicReference<String> received = new AtomicReference<>();
        server.on("/items/", exchange -> {
            received.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 201, "application/json", "{\"ok\":true}");
        });
        HttpToolConfig config = new HttpToolConfig(server.url("/items/{id}"), "post",
                Map.of("Authorization", "Bearer tenant-key"), 5_000);

        String answer = call.call(config, "{\"id\": 7, \"name\": \"pen\", \"tags\": [\"a\", \"b\"]}");

        assertThat(answer).isEqualTo("{\"ok\":true}");
        assertThat(received.get()).isEqualTo("POST /items/7 Bearer tenant-key {\"name\":\"pen\",\"tags\":[\"a\",\"b\"]}");
    }

    @Test
    void tellsTheModelTheEndpointAnsweredWithAnError() {
        server.on("/broken", exchange -> respond(exchange, 503, "text/plain", "down for maintenance"));

        assertThatThrownBy(() -> call.call(new HttpToolConfig(server.url("/broken"), "GET", Map.of(), null), "{}"))
                .isInstanceOf(ToolFailedException.class)
                .hasMessage("the endpoint answered HTTP 503: down for maintenance");
    }

    @Test
    void tellsTheModelAnAnswerThatIsNotTextIsNotRead() {
        server.on("/report", exchange -> respond(exchange, 200, "application/pdf", "%PDF-1.7"));

        assertThatThrownBy(() -> call.call(new HttpToolConfig(server.url("/report"), "GET", Map.of(), null), "{}"))
                .isInstanceOf(ToolFailedException.class)
                .hasMessage("the endpoint answered with application/pdf, which is not text");
    }

    @Test
    void sendsTheCallsIdempotencyKeyInPlaceOfOneTheToolSets() {
        AtomicReference<java.util.List<String>> keys = new AtomicReference<>();
        server.on("/pay", exchange -> {
            keys.set(exchange.getRequestHeaders().get("Idempotency-Key"));
            respond(exchange, 200, "application/json", "{}");
        });
        HttpToolConfig config = new HttpToolConfig(server.url("/pay"), "POST", Map.of("idempotency-key", "fixed"), null);

        call.call(config, "{\"amount\": 5}", "exec-1:call_1");

        assertThat(keys.get()).containsExactly("exec-1:call_1");
    }

    @Test
    void tellsTheModelARequestToARefusedAddressWasRefused() {
        HttpToolConfig config = new HttpToolConfig("http://169.254.169.254/latest/{path}", "GET", Map.of(), null);

        assertThatThrownBy(() -> call.call(config, "{\"path\": \"meta-data\"}"))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageStartingWith("the request was refused: 169.254.169.254 is a link-local address");
    }

    @Test
    void refusesATemplateThatLetsTheModelChooseTheHost() {
        HttpToolConfig config = new HttpToolConfig("https://{host}/api", "GET", Map.of(), null);

        assertThatThrownBy(() -> call.call(config, "{\"host\": \"evil.example\"}"))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageContaining("only the path and query may hold placeholders");
    }

    @Test
    void tellsTheModelWhichArgumentIsMissingOrUnusable() {
        HttpToolConfig config = new HttpToolConfig(server.url("/users/{id}"), "GET", Map.of(), null);

        assertThatThrownBy(() -> call.call(config, "{}")).hasMessage("argument 'id' (a string, number or boolean) is required");
        assertThatThrownBy(() -> call.call(config, "{\"id\": {\"a\": 1}}")).isInstanceOf(ToolFailedException.class);
        assertThatThrownBy(() -> call.call(config, "[1]")).hasMessage("arguments are not a JSON object");
    }

    @Test
    void givesUpAtTheToolsOwnTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try {
            assertThatThrownBy(() -> call.call(new HttpToolConfig(server.url("/slow"), "GET", Map.of(), 200), "{}"))
                    .isInstanceOf(ToolFailedException.class)
                    .hasMessage("the request failed: no complete answer within 200 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void readsAStoredToolDefinition() {
        HttpToolConfig config = HttpToolConfig.fromStored(Map.of("url", "https://api.example.com/{id}", "method", "PUT",
                "headers", Map.of("X-Key", "k"), "timeout_ms", 1_500, "parameters", Map.of("type", "object")));

        assertThat(config).isEqualTo(new HttpToolConfig("https://api.example.com/{id}", "PUT", Map.of("X-Key", "k"), 1_500));
    }
}
