package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Output PostgreSQL cannot store (a NUL character, in text or jsonb) does not fail a run: it is removed before the
 * step is recorded and the step says so. A fetch that answers with something other than text is a tool error the
 * model sees, not an {@code INTERNAL_ERROR}.
 */
@Timeout(120)
class UnstorableTextTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    @Test
    void aPageWithANulByteIsRecordedWithoutItAndTheStepSaysSo() {
        try (Pages pages = new Pages()) {
            Fetched run = fetch(pages.url("/nul"));

            assertThat(run.execution().text("status")).as(run.execution().raw()).isEqualTo("succeeded");
            JsonNode output = run.toolOutput();
            assertThat(output.get("result").asString()).contains("<p>beforeafter</p>").doesNotContain("\u0000");
            assertThat(output.get("sanitized").asString()).contains("1 NUL character");
            assertThat(run.execution().text("result")).contains("beforeafter");
        }
    }

    @Test
    void aPageThatIsNotTextIsAToolErrorTheModelSees() {
        try (Pages pages = new Pages()) {
            Fetched run = fetch(pages.url("/logo.png"));

            assertThat(run.execution().text("status")).as(run.execution().raw()).isEqualTo("succeeded");
            assertThat(run.toolOutput().get("error").asString()).contains("image/png").contains("not text");
            assertThat(run.execution().text("result")).startsWith("The http_get tool could not answer:").contains("image/png");
        }
    }

    @Test
    void aModelAnswerWithANulCharacterIsRecordedWithoutIt() {
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        openAi.then(FakeOpenAi.answer("zero\\u0000width"));
        Tenants.Created tenant = Tenants.create();

        Response run = api().call("POST", "/v1/executions?wait=30", tenant.key(), """
                {"agent": {"model": "openai:gpt-4o-mini"}, "input": "Say something odd"}""");

        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
        assertThat(run.text("result")).isEqualTo("zerowidth");
        JsonNode step = api().get(tenant.key(), "/v1/executions/" + run.id() + "/steps").body().get("data").get(0);
        assertThat(step.get("output").get("text").asString()).isEqualTo("zerowidth");
        assertThat(step.get("output").get("sanitized").asString()).contains("1 NUL character");
    }

    /** Runs {@code http_get} on the URL with the offline model, for a fresh tenant, and waits for the end. */
    private static Fetched fetch(String url) {
        Tenants.Created tenant = Tenants.create();
        Response run = api().call("POST", "/v1/executions?wait=30", tenant.key(), """
                {"agent": {"tools": ["http_get"]}, "input": "call http_get with {\\"url\\": \\"%s\\"}"}""".formatted(url));
        return new Fetched(tenant, run);
    }

    private record Fetched(Tenants.Created tenant, Response execution) {

        JsonNode toolOutput() {
            JsonNode steps = api().get(tenant.key(), "/v1/executions/" + execution.id() + "/steps").body().get("data");
            assertThat(steps.get(1).get("kind").asString()).isEqualTo("tool");
            return steps.get(1).get("output");
        }
    }

    private static ApiClient api() {
        return Platform.get().api;
    }

    /** Pages on loopback: one HTML page with a NUL byte in it, and a PNG image. */
    private static final class Pages implements AutoCloseable {

        private final HttpServer server;

        Pages() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/nul", exchange -> {
                byte[] body = "<p>before\u0000after</p>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/logo.png", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, PNG.length);
                exchange.getResponseBody().write(PNG);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
