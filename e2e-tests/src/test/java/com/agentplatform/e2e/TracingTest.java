package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace from the submit request, through Kafka's record header, into the worker's attempt and its LLM and tool
 * calls: the gateway and the worker run as their own processes with JSON logs, and export spans over OTLP to a
 * local receiver.
 */
@Timeout(240)
class TracingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theSubmitsTraceIdIsInTheGatewaysAndTheWorkersLogsAndSpans() throws Exception {
        EmbeddedStack stack = SharedTestStack.get();
        Tenants.Created tenant = Tenants.create();
        Path logs = Path.of("target", "trace-logs");
        deleteLogs(logs);
        Platform.pauseInProcessWorker();
        try (OtlpReceiver collector = OtlpReceiver.start();
                ServiceProcess gateway = ServiceProcess.start("gateway", "api-gateway", settings(stack, collector), logs);
                ServiceProcess worker = ServiceProcess.start("worker", "execution-worker",
                        with(settings(stack, collector), "platform.worker.id", "traced-worker"), logs)) {
            ApiClient api = new ApiClient(gateway.baseUrl());
            ApiClient.Response run = api.call("POST", "/v1/executions?wait=30", tenant.key(),
                    LimitsTest.calculation(41, "offline:deterministic"));
            assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
            String id = run.id();

            String traceId = single(traceIds(logs.resolve("gateway.log"), id));
            Awaitility.await("the worker's log lines of the run").atMost(Duration.ofSeconds(10))
                    .until(() -> traceIds(logs.resolve("worker.log"), id).size() >= 1);
            assertThat(traceIds(logs.resolve("worker.log"), id)).containsExactly(traceId);

            byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
            Awaitility.await("spans of both services exported").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(collector.spansOf(traceIdBytes)).as("%d OTLP requests", collector.bodies.size()).contains("api-gateway", "execution-worker",
                            "execution attempt", "llm offline:deterministic", "tool calculator"));
        } finally {
            Platform.resumeInProcessWorker();
        }
    }

    private static Map<String, String> settings(EmbeddedStack stack, OtlpReceiver collector) {
        Map<String, String> settings = new LinkedHashMap<>(stack.springProperties());
        settings.put("platform.gateway.admin-token", Platform.ADMIN_TOKEN);
        settings.put("logging.structured.format.console", "ecs");
        settings.put("logging.level.org.apache.kafka", "WARN");
        // The gateway's line per accepted execution is DEBUG (it cost more than it told at volume); ask for it.
        settings.put("logging.level.com.agentplatform.gateway.execution", "DEBUG");
        // So is the worker's line per succeeded execution.
        settings.put("logging.level.com.agentplatform.worker.execution", "DEBUG");
        settings.put("management.opentelemetry.tracing.export.otlp.endpoint", collector.endpoint());
        settings.put("management.opentelemetry.tracing.export.schedule-delay", "200ms");
        return settings;
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        settings.put(key, value);
        return settings;
    }

    /** The distinct trace ids of the JSON log lines that name this execution. */
    private static Set<String> traceIds(Path log, String executionId) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(line -> line.startsWith("{") && line.contains(executionId))
                .map(line -> JSON.readTree(line))
                .filter(entry -> executionId.equals(text(entry, "execution_id")))
                .map(entry -> text(entry, "traceId"))
                .collect(Collectors.toSet());
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String single(Set<String> traceIds) {
        assertThat(traceIds).hasSize(1).doesNotContainNull();
        return traceIds.iterator().next();
    }

    private static void deleteLogs(Path logs) throws IOException {
        for (String name : List.of("gateway.log", "worker.log")) {
            Files.deleteIfExists(logs.resolve(name));
        }
    }

    /** An OTLP/HTTP trace receiver: keeps the protobuf bodies it is sent. */
    private static final class OtlpReceiver implements AutoCloseable {

        private final HttpServer server;
        private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

        private OtlpReceiver(HttpServer server) {
            this.server = server;
        }

        static OtlpReceiver start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                OtlpReceiver receiver = new OtlpReceiver(server);
                server.createContext("/v1/traces", exchange -> {
                    receiver.bodies.add(exchange.getRequestBody().readAllBytes());
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                server.start();
                return receiver;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
        }

        /** The bodies that carry this trace id, as Latin-1 text so span and service names can be searched. */
        String spansOf(byte[] traceId) {
            return bodies.stream()
                    .filter(body -> indexOf(body, traceId) >= 0)
                    .map(body -> new String(body, StandardCharsets.ISO_8859_1))
                    .collect(Collectors.joining("\n"));
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
