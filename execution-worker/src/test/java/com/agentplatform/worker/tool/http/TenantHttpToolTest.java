package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.TenantToolSource.TenantToolDefinition;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolFailedException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A tenant's registered http tool goes through the same SSRF policy as http_get. */
class TenantHttpToolTest {

    @ParameterizedTest
    @MethodSource("com.agentplatform.worker.tool.http.HostileUrls#all")
    void aTenantToolPointedAtAHostileUrlIsRefused(String url) {
        AgentTool tool = tenantTool(url, new HttpToolCall(TestClients.refusingEverything()));

        assertThatThrownBy(() -> tool.execute("{}")).isInstanceOf(ToolFailedException.class);
    }

    @Test
    void aTenantToolOnAnAllowListedLocalServiceWorks() {
        try (LocalServer server = LocalServer.start()) {
            server.on("/weather/Paris", exchange -> respond(exchange, 200, "application/json", "{\"temp\": 21}"));
            SafeHttpClient client = new SafeHttpClient(HttpFetchSettings.defaults().withAllowList("127.0.0.1/32"));
            AgentTool tool = tenantTool(server.url("/weather/{city}"), new HttpToolCall(client));

            assertThat(tool.name()).isEqualTo("weather");
            assertThat(tool.specification().parameters().required()).containsExactly("city");
            assertThat(tool.execute("{\"city\": \"Paris\"}")).contains("{\"temp\": 21}");
        }
    }

    @Test
    void aPostIsACallWithSideEffectsAndCarriesTheIdempotencyKeyOfItsCall() {
        AtomicReference<String> keySeen = new AtomicReference<>();
        try (LocalServer server = LocalServer.start()) {
            server.on("/orders", exchange -> {
                keySeen.set(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                respond(exchange, 201, "application/json", "{\"order\": 1}");
            });
            AgentTool tool = tenantTool(server.url("/orders"), "POST", new HttpToolCall(localClient()));
            ExecutionId execution = ExecutionId.newId();

            String answer = tool.execute(new ToolContext(null, execution).forCall("call_7"), "{\"item\": \"pen\"}");

            assertThat(answer).isEqualTo("{\"order\": 1}");
            assertThat(tool.hasSideEffects()).isTrue();
            assertThat(keySeen.get()).isEqualTo(execution + ":call_7");
        }
    }

    @Test
    void aGetIsAReadAndCarriesNoIdempotencyKey() {
        AtomicReference<String> keySeen = new AtomicReference<>("not asked");
        try (LocalServer server = LocalServer.start()) {
            server.on("/weather/Paris", exchange -> {
                keySeen.set(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
                respond(exchange, 200, "application/json", "{\"temp\": 21}");
            });
            AgentTool tool = tenantTool(server.url("/weather/{city}"), new HttpToolCall(localClient()));

            tool.execute(new ToolContext(null, ExecutionId.newId()).forCall("call_1"), "{\"city\": \"Paris\"}");

            assertThat(tool.hasSideEffects()).isFalse();
            assertThat(keySeen.get()).isEqualTo("null");
        }
    }

    private static SafeHttpClient localClient() {
        return new SafeHttpClient(HttpFetchSettings.defaults().withAllowList("127.0.0.1/32"));
    }

    private static AgentTool tenantTool(String url, HttpToolCall calls) {
        return tenantTool(url, "GET", calls);
    }

    private static AgentTool tenantTool(String url, String method, HttpToolCall calls) {
        Map<String, Object> config = Map.of("url", url, "method", method, "parameters", Map.of(
                "type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", java.util.List.of("city")));
        return new TenantHttpTool(new TenantToolDefinition("weather", "Weather by city", "http", config),
                HttpToolConfig.fromStored(config), calls);
    }
}
