package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.tool.ToolFailedException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpGetToolTest {

    @ParameterizedTest
    @MethodSource("com.agentplatform.worker.tool.http.HostileUrls#all")
    void tellsTheModelAHostileUrlIsRefused(String url) {
        HttpGetTool tool = new HttpGetTool(TestClients.refusingEverything());

        assertThatThrownBy(() -> tool.execute(arguments(url)))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageStartingWith(url.isBlank() ? "argument 'url'" : "refused to fetch");
    }

    @Test
    void tellsTheModelWhyTheMetadataAddressIsRefused() {
        HttpGetTool tool = new HttpGetTool(TestClients.refusingEverything());

        assertThatThrownBy(() -> tool.execute(arguments("http://169.254.169.254/latest/meta-data/")))
                .hasMessage("refused to fetch http://169.254.169.254/latest/meta-data/:"
                        + " 169.254.169.254 is a link-local address (where cloud metadata services live)");
    }

    @Test
    void returnsTheStatusTypeUrlAndBodyOfAPage() {
        try (LocalServer server = LocalServer.start()) {
            server.on("/page", exchange -> respond(exchange, 200, "text/html; charset=utf-8", "<h1>Hi</h1>"));

            String answer = localTool().execute(arguments(server.url("/page")));

            assertThat(answer).isEqualTo("HTTP 200\nContent-Type: text/html; charset=utf-8\nURL: "
                    + server.url("/page") + "\n\n<h1>Hi</h1>");
        }
    }

    @Test
    void cutsALongBodyToWhatTheModelCanUseAndSaysSo() {
        try (LocalServer server = LocalServer.start()) {
            server.on("/long", exchange -> respond(exchange, 200, "text/plain", "y".repeat(HttpGetTool.MAX_BODY_CHARS + 500)));

            String answer = localTool().execute(arguments(server.url("/long")));

            assertThat(answer).endsWith("y\n[... 500 more characters not shown]");
        }
    }

    @Test
    void tellsTheModelABodyThatIsNotTextIsNotRead() {
        try (LocalServer server = LocalServer.start()) {
            server.on("/logo.png", exchange -> {
                byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13};
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, png.length);
                exchange.getResponseBody().write(png);
                exchange.close();
            });

            assertThatThrownBy(() -> localTool().execute(arguments(server.url("/logo.png"))))
                    .isInstanceOf(ToolFailedException.class)
                    .hasMessage(server.url("/logo.png") + " answered HTTP 200 with image/png, which is not text; http_get only reads text");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/problem+json", "text/csv; charset=utf-8", "application/xhtml+xml",
            "APPLICATION/XML", "application/x-www-form-urlencoded"})
    void readsAnyTextualBody(String contentType) {
        try (LocalServer server = LocalServer.start()) {
            server.on("/doc", exchange -> respond(exchange, 200, contentType, "readable"));

            assertThat(localTool().execute(arguments(server.url("/doc")))).endsWith("\n\nreadable");
        }
    }

    @Test
    void tellsTheModelAFetchFailed() {
        try (LocalServer server = LocalServer.start()) {
            server.on("/huge", exchange -> respond(exchange, 200, "text/plain", "z".repeat(3_000)));
            HttpGetTool tool = new HttpGetTool(TestClients.client(HttpFetchSettings.defaults()
                    .withAllowList("127.0.0.1").withMaxBodyBytes(1_000), TestClients.NO_LOOKUP, Dialer.DIRECT));

            assertThatThrownBy(() -> tool.execute(arguments(server.url("/huge"))))
                    .isInstanceOf(ToolFailedException.class)
                    .hasMessage("could not fetch " + server.url("/huge")
                            + ": the response body is larger than the limit of 1000 bytes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{}", "{\"url\": 42}", "{\"url\": \" \"}", "{\"address\": \"http://example.com/\"}"})
    void asksForAUrlWhenTheArgumentsHaveNone(String argumentsJson) {
        HttpGetTool tool = new HttpGetTool(TestClients.refusingEverything());

        assertThatThrownBy(() -> tool.execute(argumentsJson)).isInstanceOf(ToolFailedException.class);
    }

    @Test
    void describesItselfToTheModelAsHttpGetWithARequiredUrl() {
        HttpGetTool tool = new HttpGetTool(TestClients.refusingEverything());

        assertThat(tool.name()).isEqualTo("http_get");
        assertThat(tool.specification().parameters().required()).containsExactly("url");
    }

    private static HttpGetTool localTool() {
        return new HttpGetTool(TestClients.client(HttpFetchSettings.defaults().withAllowList("127.0.0.1"),
                TestClients.NO_LOOKUP, Dialer.DIRECT));
    }

    private static String arguments(String url) {
        return JsonMapping.messages().writeValueAsString(Map.of("url", url));
    }
}
