package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** What operators scrape: the platform's own metrics are exported by the gateway and the worker. */
@Timeout(60)
class MetricsTest {

    @Test
    void gatewayAndWorkerExportThePlatformsMetrics() {
        Platform platform = Platform.get();
        Tenants.Created tenant = Tenants.create();
        ApiClient.Response run = platform.api.call("POST", "/v1/executions?wait=30", tenant.key(),
                LimitsTest.calculation(3, "offline:deterministic"));
        assertThat(run.text("status")).isEqualTo("succeeded");

        String gateway = platform.api.get(null, "/actuator/prometheus").raw();
        assertThat(gateway).contains("platform_submits_total{", "outcome=\"accepted\"", "platform_sse_streams_open",
                "http_server_requests_seconds_count");

        ApiClient worker = new ApiClient("http://localhost:" + ((WebServerApplicationContext) platform.worker).getWebServer().getPort());
        String scraped = worker.get(null, "/actuator/prometheus").raw();
        assertThat(scraped).contains(
                "platform_execution_duration_seconds_bucket{", "status=\"succeeded\"",
                "platform_queue_wait_seconds_bucket{",
                "platform_llm_call_seconds_count{", "provider=\"offline\"",
                "platform_llm_tokens_total{", "direction=\"input\"",
                "platform_tool_call_seconds_count{", "tool=\"calculator\"",
                "platform_executions_in_flight",
                "resilience4j_circuitbreaker_state{");
    }

    @Test
    void everyMetricADashboardPanelOrAnAlertReadsIsExported() throws java.io.IOException {
        Platform platform = Platform.get();
        Tenants.Created tenant = Tenants.create();
        platform.api.call("POST", "/v1/executions?wait=30", tenant.key(), LimitsTest.calculation(4, "offline:deterministic"));
        ApiClient worker = new ApiClient("http://localhost:" + ((WebServerApplicationContext) platform.worker).getWebServer().getPort());
        String scraped = platform.api.get(null, "/actuator/prometheus").raw() + worker.get(null, "/actuator/prometheus").raw();

        java.nio.file.Path infra = java.nio.file.Path.of("..", "infra");
        String queries = java.nio.file.Files.readString(infra.resolve("prometheus/alerts.yml"))
                + java.nio.file.Files.readString(infra.resolve("grafana/dashboards/platform-overview.json"));
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(platform_[a-z_]+|resilience4j_[a-z_]+)\\b").matcher(queries);
        while (names.find()) {
            used.add(names.group(1));
        }

        assertThat(used).hasSizeGreaterThanOrEqualTo(10);
        assertThat(used).allSatisfy(metric -> assertThat(scraped).as("exported: %s", metric).containsPattern("(?m)^" + metric + "[{ ]"));
    }
}
