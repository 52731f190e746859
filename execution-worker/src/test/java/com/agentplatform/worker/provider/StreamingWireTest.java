package com.agentplatform.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.runtime.AgentRuntime;
import com.agentplatform.worker.runtime.Step;
import com.agentplatform.worker.runtime.StepRecorder;
import com.agentplatform.worker.tool.Calculator;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming clients against a local server speaking each provider's streaming wire format: a streamed run
 * records exactly what the same run records unstreamed (text, tool calls assembled from fragments, usage), its
 * deltas add up to each answer, and failures keep their retry policy (Retry-After included).
 */
class StreamingWireTest {

    private final FakeProviderServer server = new FakeProviderServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anOpenAiRunStreamedRecordsTheSameStepsAsTheSameRunUnstreamedAndItsDeltasAddUpToTheAnswer() {
        server.then(200, OpenAiWire.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"6 * 7\\\"}", 50, 10))
                .then(200, OpenAiWire.answer("The answer is 42.", 70, 8))
                .then(200, StreamWire.openAiToolCall("call_1", "calculator", List.of("{\"expr", "ession\":\"6", " * 7\"}"), 50, 10))
                .then(200, StreamWire.openAiText(List.of("The ", "answer ", "is ", "42."), 70, 8));
        Recorder plain = new Recorder(false);
        Recorder streamed = new Recorder(true);

        Outcome unstreamed = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "What is 6 * 7?", plain);
        Outcome withTokens = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "What is 6 * 7?", streamed);

        assertThat(withTokens).isEqualTo(unstreamed);
        assertThat(withoutTimes(streamed.steps)).isEqualTo(withoutTimes(plain.steps));
        assertThat(streamed.deltas).as("a tool call writes no text").doesNotContainKey(1);
        assertThat(streamed.deltas.get(3)).containsExactly("The ", "answer ", "is ", "42.");
        assertThat(String.join("", streamed.deltas.get(3))).isEqualTo(((Outcome.Succeeded) withTokens).result());
        assertThat(server.received()).extracting(received -> compact(received.body()).contains("\"stream\":true"))
                .containsExactly(false, false, true, true);
    }

    @Test
    void anAnthropicRunStreamedRecordsTheSameStepsAsTheSameRunUnstreamed() {
        server.then(200, AnthropicWire.toolUse("toolu_1", "calculator", "{\"expression\":\"6 * 7\"}", 40, 12))
                .then(200, AnthropicWire.answer("The answer is 42.", 65, 9))
                .then(200, StreamWire.anthropic(List.of("I will use ", "the calculator."), "toolu_1", "calculator",
                        List.of("{\"expression\":", "\"6 * 7\"}"), 40, 12))
                .then(200, StreamWire.anthropic(List.of("The answer ", "is 42."), null, null, List.of(), 65, 9));
        Recorder plain = new Recorder(false);
        Recorder streamed = new Recorder(true);

        Outcome unstreamed = runtime(anthropic()).run(agent("anthropic:claude-sonnet-4-5"), "What is 6 * 7?", plain);
        Outcome withTokens = runtime(anthropic()).run(agent("anthropic:claude-sonnet-4-5"), "What is 6 * 7?", streamed);

        assertThat(withTokens).isEqualTo(unstreamed);
        assertThat(withoutTimes(streamed.steps)).isEqualTo(withoutTimes(plain.steps));
        assertThat(String.join("", streamed.deltas.get(1))).isEqualTo("I will use the calculator.");
        assertThat(String.join("", streamed.deltas.get(3))).isEqualTo("The answer is 42.");
    }

    @Test
    void anOllamaCallStreamsThroughItsOpenAiCompatibleEndpoint() {
        server.then(200, StreamWire.openAiText(List.of("Hel", "lo."), 5, 2));
        Recorder streamed = new Recorder(true);

        Outcome outcome = runtime(ollama()).run(agent("ollama:llama3.2"), "Hello", streamed);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> {
            assertThat(done.result()).isEqualTo("Hello.");
            assertThat(done.usage().inputTokens()).isEqualTo(5);
            assertThat(done.usage().outputTokens()).isEqualTo(2);
        });
        assertThat(streamed.deltas.get(1)).containsExactly("Hel", "lo.");
        assertThat(server.received().getFirst().path()).isEqualTo("/ollama/v1/chat/completions");
        assertThat(compact(server.received().getFirst().body())).contains("\"stream\":true", "\"model\":\"llama3.2\"");
    }

    @Test
    void aStreamedCallRateLimitedWithRetryAfterWaitsWhatWasAskedThenStreams() {
        server.then(429, Map.of("Retry-After", "1"), OpenAiWire.error("Rate limit reached for requests", "rate_limit_exceeded"))
                .then(200, StreamWire.openAiText(List.of("Fine."), 5, 1));
        Recorder streamed = new Recorder(true);

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "Hello", streamed);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        long waitedMillis = (server.received().get(1).atNanos() - server.received().get(0).atNanos()) / 1_000_000;
        assertThat(waitedMillis).as("waited what Retry-After asked, not the 10 ms backoff").isGreaterThanOrEqualTo(950);
        assertThat(streamed.deltas.get(1)).containsExactly("Fine.");
    }

    @Test
    void aStreamCutShortIsRetriedAndListenersAreToldToDropWhatTheyGot() {
        server.then(200, StreamWire.openAiCutShort(List.of("The ans")))
                .then(200, StreamWire.openAiText(List.of("The ", "answer."), 5, 2));
        Recorder streamed = new Recorder(true);

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "Hello", streamed);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> assertThat(done.result()).isEqualTo("The answer."));
        assertThat(server.received()).hasSize(2);
        assertThat(streamed.restarts).isEqualTo(1);
        assertThat(String.join("", streamed.deltas.get(1))).isEqualTo("The answer.");
    }

    @Test
    void aStreamStillOpenAtTheCallTimeoutIsCutAndFailsAsATimeoutLikeABlockingCall() throws Exception {
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        stalling.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(StreamWire.openAiCutShort(List.of("Thinking")).getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(10_000); // and never the rest
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.start();
        try {
            WorkerSettings.Providers providers = new WorkerSettings.Providers(
                    new WorkerSettings.OpenAi("test-key", "http://127.0.0.1:" + stalling.getAddress().getPort() + "/v1"),
                    new WorkerSettings.Anthropic(null, null), new WorkerSettings.Ollama(null), Duration.ofMillis(500),
                    new WorkerSettings.Resilience(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5), 50, 100, 100,
                            Duration.ofMinutes(1), 8, Duration.ofSeconds(1)));
            Recorder streamed = new Recorder(true);
            long started = System.nanoTime();

            Outcome outcome = runtime(providers).run(agent("openai:gpt-4o-mini"), "Hello", streamed);

            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo(FailureCode.PROVIDER_UNAVAILABLE);
                assertThat(failed.message()).contains("still open after");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two tries of 500 ms, not the stalled 10 s")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(streamed.restarts).as("the second try started the answer again").isEqualTo(1);
        } finally {
            stalling.stop(0);
        }
    }

    @Test
    void theOfflineModelStreamsItsAnswerInSeveralPiecesThatAddUpToIt() {
        Recorder streamed = new Recorder(true);

        Outcome outcome = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of()), Clock.systemUTC())
                .run(new AgentSpec("offline", null, OfflineChatModel.NAME, List.of(), 5, 60, 10_000), "Tell me a story", streamed);

        assertThat(streamed.deltas.get(1)).hasSizeGreaterThan(3);
        assertThat(String.join("", streamed.deltas.get(1))).isEqualTo(((Outcome.Succeeded) outcome).result());
    }

    /** Records steps, and collects each model call's deltas by the step number it will get. */
    private static final class Recorder implements StepRecorder {

        final List<Step> steps = new ArrayList<>();
        final Map<Integer, List<String>> deltas = new TreeMap<>();
        final boolean listening;
        int restarts;

        Recorder(boolean listening) {
            this.listening = listening;
        }

        @Override
        public void record(Step step) {
            steps.add(step);
        }

        @Override
        public TokenSink tokensOfNextCall() {
            if (!listening) {
                return TokenSink.NONE;
            }
            int seq = steps.size() + 1;
            return new TokenSink() {
                @Override
                public void delta(String text) {
                    deltas.computeIfAbsent(seq, s -> new ArrayList<>()).add(text);
                }

                @Override
                public void restart() {
                    restarts++;
                    deltas.remove(seq);
                }
            };
        }
    }

    /**
     * What a step records, apart from its times. Tool-call arguments compare as JSON: langchain4j pretty-prints what
     * Anthropic sends whole and keeps what it streams as sent; the tool reads the same arguments either way.
     */
    private static List<List<Object>> withoutTimes(List<Step> steps) {
        return steps.stream().map(step -> List.<Object>of(step.kind(), step.name(), argumentsAsJson(step.input()),
                argumentsAsJson(step.output()), step.inputTokens(), step.outputTokens())).toList();
    }

    private static Object argumentsAsJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> normalized = new TreeMap<>();
            map.forEach((key, inner) -> normalized.put(key, "arguments".equals(key) && inner instanceof String json
                    ? JsonMapping.messages().readTree(json) : argumentsAsJson(inner)));
            return normalized;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StreamingWireTest::argumentsAsJson).toList();
        }
        return value;
    }

    private static String compact(String json) {
        return JsonMapping.messages().readTree(json).toString();
    }

    private AgentRuntime runtime(WorkerSettings.Providers providers) {
        return new AgentRuntime(new ChatModels(providers, Duration.ZERO, meters), new ToolRegistry(List.of(new CalculatorForTest())),
                Clock.systemUTC());
    }

    private WorkerSettings.Providers openAi() {
        return new WorkerSettings.Providers(new WorkerSettings.OpenAi("test-key", server.baseUrl() + "/v1"),
                new WorkerSettings.Anthropic(null, null), new WorkerSettings.Ollama(null), Duration.ofSeconds(5), fastRetries());
    }

    private WorkerSettings.Providers anthropic() {
        return new WorkerSettings.Providers(new WorkerSettings.OpenAi(null, null),
                new WorkerSettings.Anthropic("test-key", server.baseUrl() + "/v1/"), new WorkerSettings.Ollama(null),
                Duration.ofSeconds(5), fastRetries());
    }

    private WorkerSettings.Providers ollama() {
        return new WorkerSettings.Providers(new WorkerSettings.OpenAi(null, null), new WorkerSettings.Anthropic(null, null),
                new WorkerSettings.Ollama(server.baseUrl() + "/ollama"), Duration.ofSeconds(5), fastRetries());
    }

    private static WorkerSettings.Resilience fastRetries() {
        return new WorkerSettings.Resilience(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5), 50, 4, 4,
                Duration.ofMinutes(1), 8, Duration.ofSeconds(1));
    }

    private static AgentSpec agent(String model) {
        return new AgentSpec("wire", "Be exact.", model, List.of("calculator"), 10, 60, 100_000);
    }

    private static final class CalculatorForTest implements AgentTool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("calculator").description("arithmetic")
                    .parameters(JsonObjectSchema.builder().addStringProperty("expression").required("expression").build()).build();
        }

        @Override
        public String execute(String argumentsJson) {
            return Calculator.evaluate(JsonMapping.messages().readTree(argumentsJson).get("expression").asString());
        }
    }
}
