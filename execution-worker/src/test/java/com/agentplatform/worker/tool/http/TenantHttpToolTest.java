package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.TenantToolSource.TenantToolDefinition;
import com.agentplatform.worker.tool.ToolFailedException;
import java.util.Map;
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
    void theGuardRefusesAnMcpServerOnAnInternalAddress() {
        SsrfUrlGuard guard = new SsrfUrlGuard(HttpFetchSettings.defaults(), new HttpToolCall(TestClients.refusingEverything()));

        assertThatThrownBy(() -> guard.check("http://169.254.169.254/mcp")).hasMessageContaining("refused");
        assertThatThrownBy(() -> guard.check("http://127.0.0.1:8080/mcp")).hasMessageContaining("refused");
        assertThatThrownBy(() -> guard.check("file:///etc/passwd")).hasMessageContaining("not an http");
    }

    private static AgentTool tenantTool(String url, HttpToolCall calls) {
        Map<String, Object> config = Map.of("url", url, "method", "GET", "parameters", Map.of(
                "type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", java.util.List.of("city")));
        return new TenantHttpTool(new TenantToolDefinition("weather", "Weather by city", "http", config),
                HttpToolConfig.fromStored(config), calls);
    }
}
