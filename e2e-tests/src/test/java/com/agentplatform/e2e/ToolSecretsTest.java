package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A tenant tool's secret headers: encrypted in PostgreSQL, masked whenever the tool is read, and sent in clear only
 * by the worker that runs the tool. Header names and values that could break the request are refused on write.
 */
@Timeout(120)
class ToolSecretsTest {

    private static final String SECRET = "Bearer s3cr3t-e2e-token";

    private final Endpoint endpoint = new Endpoint();
    private final Tenants.Created tenant = Tenants.create();

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void anAuthorizationHeaderIsStoredEncryptedReadMaskedAndSentInClearByARun() {
        Response created = api().call("POST", "/v1/tools", tenant.key(), weather(SECRET));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain("s3cr3t");
        assertThat(headersOf(created.body()).get("Authorization").asString()).isEqualTo("****");
        assertThat(headersOf(created.body()).get("X-Note").asString()).as("ordinary headers are shown").isEqualTo("plain");

        assertThat(storedConfig("weather")).doesNotContain("s3cr3t").contains("enc:v1:");
        Response one = api().get(tenant.key(), "/v1/tools/weather");
        assertThat(one.raw()).doesNotContain("s3cr3t");
        assertThat(headersOf(one.body()).get("Authorization").asString()).isEqualTo("****");
        assertThat(api().get(tenant.key(), "/v1/tools").raw()).doesNotContain("s3cr3t").contains("****");

        assertThat(runWeather()).isEqualTo("succeeded");
        assertThat(endpoint.authorizations).containsExactly(SECRET);
    }

    @Test
    void aReplacementThatSendsTheMaskBackKeepsTheSecretAndANewValueReplacesIt() {
        api().call("POST", "/v1/tools", tenant.key(), weather(SECRET));
        String sealed = storedConfig("weather");

        Response echoed = api().call("PUT", "/v1/tools/weather", tenant.key(), weather("****").replace("Weather by city", "Weather, by city"));
        assertThat(echoed.status()).as(echoed.raw()).isEqualTo(200);
        assertThat(echoed.text("description")).isEqualTo("Weather, by city");
        assertThat(storedConfig("weather")).doesNotContain("s3cr3t").contains(secretOf(sealed));
        assertThat(runWeather()).isEqualTo("succeeded");

        Response replaced = api().call("PUT", "/v1/tools/weather", tenant.key(), weather("Bearer rotated-e2e-token"));
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(storedConfig("weather")).doesNotContain("rotated-e2e-token");
        assertThat(runWeather()).isEqualTo("succeeded");

        assertThat(endpoint.authorizations).containsExactly(SECRET, "Bearer rotated-e2e-token");
    }

    @Test
    void headerNamesAndValuesThatCouldBreakARequestAreRefusedWithTheirFieldPath() {
        assertRefused(Map.of("X-Note", "a\r\nX-Injected: 1"), "config.headers.X-Note", "CR or LF");
        assertRefused(Map.of("Authorization", "Bearer a\nb"), "config.headers.Authorization", "CR or LF");
        assertRefused(Map.of("X-Bad\r\nName", "v"), "config.headers.X-Bad\r\nName", "not a valid header name");
        assertRefused(Map.of("X Space", "v"), "config.headers.X Space", "not a valid header name");
        assertRefused(Map.of("Host", "internal.example"), "config.headers.Host", "set by the platform");
        assertRefused(Map.of("X-Note", "enc:v1:abcd1234:AAAA"), "config.headers.X-Note", "enc:");
        assertRefused(Map.of("Authorization", "****"), "config.headers.Authorization", "mask");
        assertThat(api().get(tenant.key(), "/v1/tools").raw()).doesNotContain("weather");
    }

    @Test
    void aSecretStoredInPlainTextBeforeSealingStillWorksAndIsSealedWhenAGatewayStarts() {
        insertPlainTextTool("legacy", SECRET);
        assertThat(api().get(tenant.key(), "/v1/tools/legacy").raw()).doesNotContain("s3cr3t").contains("****");
        assertThat(runTool("legacy")).isEqualTo("succeeded");

        try (ConfigurableApplicationContext restarted = Platform.extraGateway(Map.of(
                "platform.gateway.secrets.key", Platform.SECRETS_KEY))) {
            assertThat(storedConfig("legacy")).doesNotContain("s3cr3t").contains("enc:v1:");
        }
        assertThat(runTool("legacy")).isEqualTo("succeeded");
        assertThat(endpoint.authorizations).containsExactly(SECRET, SECRET);
    }

    @Test
    void aGatewayWithoutASecretsKeyRefusesSecretHeadersButNotOtherTools() {
        try (ConfigurableApplicationContext keyless = Platform.extraGateway(Map.of())) {
            ApiClient api = Platform.clientOf(keyless);

            Response refused = api.call("POST", "/v1/tools", tenant.key(), weather(SECRET));
            assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
            assertThat(refused.text("code")).isEqualTo("SECRETS_NOT_CONFIGURED");
            assertThat(refused.raw()).doesNotContain("s3cr3t");

            Response plain = api.call("POST", "/v1/tools", tenant.key(), """
                    {"name": "plain", "description": "No secrets", "kind": "http", "config": {"url": "%s"}}"""
                    .formatted(endpoint.url()));
            assertThat(plain.status()).as(plain.raw()).isEqualTo(201);
        }
    }

    private void assertRefused(Map<String, String> headers, String field, String message) {
        String body = """
                {"name": "weather", "description": "Weather by city", "kind": "http",
                 "config": {"url": "%s", "headers": %s}}""".formatted(endpoint.url(), json(headers));
        Response refused = api().call("POST", "/v1/tools", tenant.key(), body);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.body().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).contains(message);
        });
    }

    private String weather(String authorization) {
        return """
                {"name": "weather", "description": "Weather by city", "kind": "http",
                 "config": {"url": "%s/{city}", "method": "GET", "headers": {"Authorization": "%s", "X-Note": "plain"},
                            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}"""
                .formatted(endpoint.url(), authorization);
    }

    private String runWeather() {
        return runTool("weather");
    }

    private String runTool(String tool) {
        Response run = api().call("POST", "/v1/executions?wait=30", tenant.key(), """
                {"agent": {"tools": ["%s"]}, "input": "call %s with {\\"city\\": \\"paris\\"}"}""".formatted(tool, tool));
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        return run.text("status");
    }

    private void insertPlainTextTool(String name, String authorization) {
        jdbc().sql("""
                insert into tools (id, tenant_id, name, description, kind, config, created_at, updated_at)
                values (:id, :tenant, :name, 'Stored before secrets were sealed', 'http', cast(:config as jsonb), :now, :now)""")
                .param("id", UUID.randomUUID())
                .param("tenant", UUID.fromString(tenant.id()))
                .param("name", name)
                .param("config", "{\"url\": \"" + endpoint.url() + "/{city}\", \"headers\": {\"Authorization\": \"" + authorization + "\"}}")
                .param("now", java.sql.Timestamp.from(Instant.now()))
                .update();
    }

    private String storedConfig(String tool) {
        return jdbc().sql("select config::text from tools where tenant_id = :tenant and name = :name")
                .param("tenant", UUID.fromString(tenant.id()))
                .param("name", tool)
                .query(String.class)
                .single();
    }

    /** The sealed value of the stored Authorization header. */
    private static String secretOf(String storedConfig) {
        int start = storedConfig.indexOf("enc:v1:");
        return storedConfig.substring(start, storedConfig.indexOf('"', start));
    }

    private static JsonNode headersOf(JsonNode tool) {
        return tool.get("config").get("headers");
    }

    private static String json(Map<String, String> headers) {
        StringBuilder json = new StringBuilder("{");
        headers.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(escape(name))
                .append("\": \"").append(escape(value)).append('"'));
        return json.append('}').toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static JdbcClient jdbc() {
        return Platform.get().gateway.getBean(JdbcClient.class);
    }

    private static ApiClient api() {
        return Platform.get().api;
    }

    /** A tool endpoint on loopback that keeps the Authorization header of every call. */
    private static final class Endpoint implements AutoCloseable {

        private final HttpServer server;
        final List<String> authorizations = new CopyOnWriteArrayList<>();

        Endpoint() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] body = "{\"forecast\": \"sunny\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/weather";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
