package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.secret.SecretKeys;
import com.agentplatform.worker.WorkerSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebSearchToolTest {

    @Test
    void asksTheConfiguredBackendWithTheQueryEncodedAndReturnsItsAnswer() {
        try (LocalServer backend = LocalServer.start()) {
            AtomicReference<String> asked = new AtomicReference<>();
            backend.on("/search", exchange -> {
                asked.set(exchange.getRequestURI().getRawQuery());
                respond(exchange, 200, "application/json", "{\"results\": [{\"title\": \"Agent platforms\"}]}");
            });
            WorkerSettings settings = new WorkerSettings(null, 10, Duration.ofSeconds(30), Duration.ofSeconds(10), 1,
                    new WorkerSettings.Dispatch(16, Duration.ofMillis(200), 100),
                    new WorkerSettings.Writes(16, Duration.ZERO, 100, 1), Duration.ofSeconds(60), Duration.ofSeconds(30), WorkerSettings.Simulated.withLatency(Duration.ZERO),
                    WorkerSettings.Providers.none(), new WorkerSettings.Tools(Duration.ofSeconds(5), backend.url("/search?q={query}")),
                    new WorkerSettings.Retry(Duration.ofSeconds(2), Duration.ofSeconds(60)), Duration.ofSeconds(20),
                    new WorkerSettings.Metrics(100, null, 50, Duration.ofSeconds(15)), SecretKeys.none());
            WebSearchTool tool = new WebSearchTool(settings,
                    new HttpToolCall(new SafeHttpClient(HttpFetchSettings.defaults().withAllowList("127.0.0.1/32"))));

            String answer = tool.execute("{\"query\": \"agents & jobs/queues?\"}");

            assertThat(answer).contains("Agent platforms");
            assertThat(asked.get()).isEqualTo("q=agents%20%26%20jobs%2Fqueues%3F");
            assertThat(tool.name()).isEqualTo("web_search");
        }
    }
}
