package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * What operators scrape, on the management ports: after a mix of succeeded, retried, failed and cancelled executions
 * across two tenants, the outcomes show up with bounded tenant labels; and a freshly started platform already exports
 * every series the dashboards and alert rules read.
 */
@Timeout(120)
class MetricsTest {

    private static final String OVERLOADED = "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}";
    private static final String REJECTED = "{\"error\": {\"message\": \"bad request\", \"type\": \"invalid_request_error\"}}";
    private static final String OPENAI_RUN = """
            {"agent": {"model": "openai:gpt-4o-mini"}, "input": "Hello"}""";
    private static final Path INFRA = Path.of("..", "infra");

    @Test
    void aMixOfOutcomesAcrossTwoTenantsShowsUpInTheScrapesOfEveryService() {
        Platform platform = Platform.get();
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        Tenants.Created first = Tenants.create();
        Tenants.Created second = Tenants.create();

        assertThat(run(first, LimitsTest.calculation(3, "offline:deterministic")).text("status")).isEqualTo("succeeded");
        openAi.thenStatus(503, OVERLOADED).thenStatus(503, OVERLOADED).thenStatus(503, OVERLOADED).thenStatus(503, OVERLOADED)
                .then(FakeOpenAi.answer("Back again."));
        Response retried = run(first, OPENAI_RUN);
        assertThat(retried.text("status")).isEqualTo("succeeded");
        assertThat(retried.body().get("attempt").asInt()).isEqualTo(2);
        openAi.thenStatus(400, REJECTED);
        assertThat(run(second, OPENAI_RUN).text("status")).isEqualTo("failed");
        cancelWhileRunning(platform, openAi, second);

        String gateway = gatewayScrape();
        assertThat(gateway).containsPattern(series("platform_submits_total", "outcome=\"accepted\"", tenant(first)))
                .containsPattern(series("platform_submits_total", "outcome=\"accepted\"", tenant(second)))
                .containsPattern(series("platform_cancellations_total", "stage=\"running\""))
                .containsPattern(series("platform_outbox_publish_lag_seconds_count"))
                .contains("platform_sse_streams_open", "http_server_requests_seconds_count");
        String worker = workerScrape();
        assertThat(worker).containsPattern(series("platform_executions_finished_total", "status=\"succeeded\"", tenant(first)))
                .containsPattern(series("platform_executions_finished_total", "status=\"failed\"", tenant(second)))
                .containsPattern(series("platform_executions_finished_total", "status=\"cancelled\"", tenant(second)))
                .containsPattern(series("platform_execution_retries_total", "code=\"PROVIDER_UNAVAILABLE\"") + " [1-9]")
                .containsPattern(series("platform_execution_duration_seconds_bucket", "model=\"openai:gpt-4o-mini\"", "status=\"failed\""))
                .containsPattern(series("platform_queue_wait_seconds_bucket", tenant(first)))
                .containsPattern(series("platform_llm_call_seconds_count", "outcome=\"error\"", "provider=\"openai\""))
                .containsPattern(series("platform_llm_tokens_total", "direction=\"input\""))
                .containsPattern(series("platform_tool_call_seconds_count", "tool=\"calculator\""))
                .contains("resilience4j_circuitbreaker_state{", "platform_executions_in_flight");
        await("consumer lag measured").atMost(Duration.ofSeconds(10))
                .until(() -> Pattern.compile(series("platform_queue_consumer_lag", "partition=\"\\d+\"")).matcher(workerScrape()).find());
    }

    /**
     * A platform that has done nothing unusual, just started and run a few plain executions, already exports every
     * series a dashboard panel or an alert reads: a series that appears only on its first increment (a first
     * cancellation, a first 429) shows "No data" instead of 0. Its own gateway and worker processes, so no other
     * test's retries, cancellations or 429s are in the scrape.
     */
    @Test
    @Timeout(300)
    void aFreshPlatformThatRanOnlyPlainExecutionsExportsEverySeriesTheDashboardsAndAlertsRead() throws IOException {
        EmbeddedStack stack = SharedTestStack.get();
        Tenants.Created tenant = Tenants.create();
        List<Selector> read = selectorsReadByTheShippedDashboardsAndAlerts();
        Path logs = Path.of("target", "fresh-platform-logs");
        Platform.pauseInProcessWorker();
        try (ServiceProcess gateway = ServiceProcess.start("fresh-gateway", "api-gateway", stack.springProperties(), logs);
                ServiceProcess worker = ServiceProcess.start("fresh-worker", "execution-worker", freshWorker(stack), logs)) {
            ApiClient api = new ApiClient(gateway.baseUrl());
            for (int n = 1; n <= 3; n++) {
                ApiClient.Response run = api.call("POST", "/v1/executions?wait=40", tenant.key(),
                        LimitsTest.calculation(n, "offline:deterministic"));
                assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
            }
            ApiClient metrics = new ApiClient(worker.managementUrl());
            await("consumer lag measured").atMost(Duration.ofSeconds(20))
                    .until(() -> metrics.get(null, "/actuator/prometheus").raw().contains("platform_queue_consumer_lag{"));
            List<Series> scraped = Series.parse(new ApiClient(gateway.managementUrl()).get(null, "/actuator/prometheus").raw()
                    + metrics.get(null, "/actuator/prometheus").raw());

            assertThat(read).hasSizeGreaterThanOrEqualTo(30);
            assertThat(read).as("series the dashboards and alerts read, missing from a fresh scrape")
                    .filteredOn(selector -> scraped.stream().noneMatch(selector::matches)).isEmpty();
        } finally {
            Platform.resumeInProcessWorker();
        }
    }

    /** Starts a run that holds in its LLM call, sees it as running per tenant, cancels it, and lets it reach the boundary. */
    private static void cancelWhileRunning(Platform platform, FakeOpenAi openAi, Tenants.Created tenant) {
        CountDownLatch held = new CountDownLatch(1);
        openAi.thenHold(FakeOpenAi.answer("too late"), held);
        String id;
        try {
            id = platform.api.call("POST", "/v1/executions", tenant.key(), OPENAI_RUN).id();
            await("running, per tenant").atMost(Duration.ofSeconds(20)).until(() -> Pattern.compile(
                    series("platform_executions", "status=\"running\"", tenant(tenant)) + " 1\\.0").matcher(gatewayScrape()).find());
            Response cancel = platform.api.call("POST", "/v1/executions/" + id + "/cancel", tenant.key(), null);
            assertThat(cancel.status()).as(cancel.raw()).isEqualTo(202);
        } finally {
            held.countDown();
        }
        await("cancelled at the next step boundary").atMost(Duration.ofSeconds(20))
                .until(() -> "cancelled".equals(platform.api.get(tenant.key(), "/v1/executions/" + id).text("status")));
    }

    private static Response run(Tenants.Created tenant, String body) {
        Response run = Platform.get().api.call("POST", "/v1/executions?wait=40", tenant.key(), body);
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        return run;
    }

    /** A series of this metric whose labels include all of these (Prometheus writes labels sorted by name). */
    private static String series(String metric, String... labels) {
        StringBuilder pattern = new StringBuilder("(?m)^").append(metric).append("\\{");
        new TreeSet<>(Set.of(labels)).forEach(label -> pattern.append("[^}]*").append(label));
        return pattern.append("[^}]*\\}").toString();
    }

    private static String tenant(Tenants.Created tenant) {
        return "tenant=\"" + tenant.id() + "\"";
    }

    private static Map<String, String> freshWorker(EmbeddedStack stack) {
        Map<String, String> settings = new LinkedHashMap<>(stack.springProperties());
        settings.put("platform.worker.id", "fresh-worker");
        // Only so the test need not wait 15 s for the first measurement of the consumer lag.
        settings.put("platform.worker.metrics.lag-interval", "500ms");
        return settings;
    }

    /** Every series the panels of infra/grafana/dashboards and the rules of infra/prometheus/alerts.yml read. */
    private static List<Selector> selectorsReadByTheShippedDashboardsAndAlerts() throws IOException {
        List<Path> files = new ArrayList<>(List.of(INFRA.resolve("prometheus/alerts.yml")));
        try (Stream<Path> dashboards = Files.list(INFRA.resolve("grafana/dashboards"))) {
            files.addAll(dashboards.sorted().toList());
        }
        Set<Selector> selectors = new LinkedHashSet<>();
        for (Path file : files) {
            List<Selector> read = Selector.allIn(Files.readString(file).replace("\\\"", "\""));
            assertThat(read).as("series read by %s", file.getFileName()).isNotEmpty();
            selectors.addAll(read);
        }
        return List.copyOf(selectors);
    }

    private static String gatewayScrape() {
        return Platform.managementOf(Platform.get().gateway).get(null, "/actuator/prometheus").raw();
    }

    private static String workerScrape() {
        ApiClient worker = new ApiClient("http://localhost:" + ((WebServerApplicationContext) Platform.get().worker).getWebServer().getPort());
        return worker.get(null, "/actuator/prometheus").raw();
    }
}
