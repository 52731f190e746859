package com.agentplatform.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.runtime.AgentRuntime;
import com.agentplatform.worker.runtime.History;
import com.agentplatform.worker.runtime.Step;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.Calculator;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real langchain4j OpenAI and Anthropic clients against a local server speaking each provider's wire format:
 * tool calls, usage, error bodies, and the retry and circuit-breaker policy built from the failure's type.
 */
class ProviderWireTest {

    private final FakeProviderServer server = new FakeProviderServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Step> steps = new ArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anOpenAiToolUsingRunSucceedsWithItsUsage() {
        server.then(200, OpenAiWire.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"6 * 7\\\"}", 50, 10))
                .then(200, OpenAiWire.answer("The answer is 42.", 70, 8));

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "What is 6 * 7?", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> {
            assertThat(done.result()).isEqualTo("The answer is 42.");
            assertThat(done.usage().inputTokens()).isEqualTo(120);
            assertThat(done.usage().outputTokens()).isEqualTo(18);
            assertThat(done.usage().llmCalls()).isEqualTo(2);
            assertThat(done.usage().toolCalls()).isEqualTo(1);
        });
        assertThat(server.received()).hasSize(2).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/chat/completions"));
        assertThat(compact(server.received().getFirst().body())).contains("\"model\":\"gpt-4o-mini\"", "\"name\":\"calculator\"");
        assertThat(compact(server.received().get(1).body())).contains("\"tool_call_id\":\"call_1\"", "\"content\":\"42\"");
        assertThat(steps).extracting(Step::kind).containsExactly("llm", "tool", "llm");
    }

    @Test
    void anAnthropicToolUsingRunSucceedsWithItsUsage() {
        server.then(200, AnthropicWire.toolUse("toolu_1", "calculator", "{\"expression\":\"6 * 7\"}", 40, 12))
                .then(200, AnthropicWire.answer("The answer is 42.", 65, 9));

        Outcome outcome = runtime(anthropic()).run(agent("anthropic:claude-sonnet-4-5"), "What is 6 * 7?", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> {
            assertThat(done.result()).isEqualTo("The answer is 42.");
            assertThat(done.usage().inputTokens()).isEqualTo(105);
            assertThat(done.usage().outputTokens()).isEqualTo(21);
        });
        assertThat(server.received()).hasSize(2).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/messages"));
        assertThat(compact(server.received().get(1).body())).contains("\"tool_use_id\":\"toolu_1\"", "\"type\":\"tool_result\"");
    }

    @Test
    void eachOpenAiCallAsksForAtMostWhatIsLeftOfTheRunsTokenBudget() {
        server.then(200, OpenAiWire.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"6 * 7\\\"}", 50, 10))
                .then(200, OpenAiWire.answer("The answer is 42.", 70, 8));

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini", 1_000), "What is 6 * 7?", steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(compact(server.received().get(0).body())).contains("\"max_tokens\":1000");
        assertThat(compact(server.received().get(1).body())).as("1,000 less the 60 the first call used").contains("\"max_tokens\":940");
    }

    @Test
    void openAisReasoningModelsAreAskedWithMaxCompletionTokensWhichTheyTakeInsteadOfMaxTokens() {
        server.then(200, OpenAiWire.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"6 * 7\\\"}", 50, 10))
                .then(200, OpenAiWire.answer("The answer is 42.", 70, 8));

        Outcome outcome = runtime(openAi()).run(agent("openai:o4-mini", 1_000), "What is 6 * 7?", steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(compact(server.received().get(0).body())).contains("\"model\":\"o4-mini\"", "\"max_completion_tokens\":1000")
                .doesNotContain("\"max_tokens\"");
        assertThat(compact(server.received().get(1).body())).contains("\"max_completion_tokens\":940").doesNotContain("\"max_tokens\"");
        assertThat(List.of("o1", "o3-mini", "o4-mini-2025-04-16", "gpt-5", "gpt-5-mini", "gpt-5.1"))
                .allMatch(ReasoningTokenLimit::isReasoningModel);
        assertThat(List.of("gpt-4o-mini", "gpt-4.1", "omni-moderation-latest", "llama3.1", "ol"))
                .noneMatch(ReasoningTokenLimit::isReasoningModel);
    }

    @Test
    void eachAnthropicCallAsksForAtMostWhatIsLeftOfTheRunsTokenBudget() {
        server.then(200, AnthropicWire.toolUse("toolu_1", "calculator", "{\"expression\":\"6 * 7\"}", 40, 12))
                .then(200, AnthropicWire.answer("The answer is 42.", 65, 9));

        Outcome outcome = runtime(anthropic()).run(agent("anthropic:claude-sonnet-4-5", 500), "What is 6 * 7?", steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(compact(server.received().get(0).body())).contains("\"max_tokens\":500");
        assertThat(compact(server.received().get(1).body())).contains("\"max_tokens\":448");
    }

    @Test
    void aCallAsksForNoMoreThanTheWorkersCeilingWhateverTheBudget() {
        server.then(200, OpenAiWire.answer("Fine.", 5, 1));
        AgentRuntime capped = new AgentRuntime(new ChatModels(openAi(), Duration.ZERO, meters),
                new ToolRegistry(List.of(new CalculatorForTest())), Clock.systemUTC(), 256);

        capped.run(agent("openai:gpt-4o-mini", 100_000), "Hello", steps::add);

        assertThat(compact(server.received().getFirst().body())).contains("\"max_tokens\":256");
    }

    @Test
    void aNulInTheModelsAnswerIsRemovedBeforeItIsRecordedAndTheStepSaysSo() {
        server.then(200, OpenAiWire.answer("zero\\u0000width", 5, 1));

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "Hello", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> assertThat(done.result()).isEqualTo("zerowidth"));
        assertThat(steps.getFirst().output()).containsEntry("text", "zerowidth")
                .hasEntrySatisfying("sanitized", note -> assertThat(note.toString()).contains("1 NUL character"));
    }

    @Test
    void aRateLimitWithRetryAfterIsWaitedOutThenSucceeds() {
        server.then(429, Map.of("Retry-After", "1"), OpenAiWire.error("Rate limit reached for requests", "rate_limit_exceeded"))
                .then(200, OpenAiWire.answer("Fine.", 5, 1));

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "Hello", steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(server.received()).hasSize(2);
        long waitedMillis = (server.received().get(1).atNanos() - server.received().get(0).atNanos()) / 1_000_000;
        assertThat(waitedMillis).as("waited what Retry-After asked, not the 10 ms backoff").isGreaterThanOrEqualTo(950);
    }

    @Test
    void threeUnavailableAnswersThenSuccessSucceedWithinTheRetryPolicy() {
        String unavailable = OpenAiWire.error("The server is overloaded", "server_error");
        server.then(503, unavailable).then(503, unavailable).then(503, unavailable).then(200, OpenAiWire.answer("Fine.", 5, 1));

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "Hello", steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(server.received()).hasSize(4);
    }

    @Test
    void aBadRequestFailsAtOnceWithAClearCode() {
        server.then(400, OpenAiWire.error("Invalid 'messages': empty array", "invalid_request_error"));

        Outcome outcome = runtime(openAi()).run(agent("openai:gpt-4o-mini"), "Hello", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(FailureCode.PROVIDER_REJECTED_REQUEST);
            assertThat(failed.message()).contains("openai");
        });
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aProviderThatKeepsFailingOpensItsCircuitAndLaterCallsFailFast() {
        server.then(500, OpenAiWire.error("internal error", "server_error"));
        AgentRuntime runtime = runtime(openAi());

        for (int run = 0; run < 2; run++) {
            assertThat(runtime.run(agent("openai:gpt-4o-mini"), "Hello", steps::add))
                    .isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.code()).isEqualTo(FailureCode.PROVIDER_UNAVAILABLE));
        }
        int callsWhenOpen = server.received().size();
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "openai", "state", "open").gauge().value())
                .isEqualTo(1.0);

        Outcome fastFailure = runtime.run(agent("openai:gpt-4o-mini"), "Hello", steps::add);

        assertThat(fastFailure).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(FailureCode.PROVIDER_UNAVAILABLE);
            assertThat(failed.message()).contains("circuit is open");
        });
        assertThat(server.received()).as("no call reached the dead provider").hasSize(callsWhenOpen);
    }

    @Test
    void aRetriedAttemptResumesFromTheRecordedConversationWithoutRepeatingCalls() {
        server.then(200, OpenAiWire.answer("The answer is 42.", 70, 8));
        History twoStepsDone = new History(List.of(
                llmStep(Map.of("tool_calls", List.of(Map.of("id", "call_1", "name", "calculator", "arguments", "{\"expression\":\"6 * 7\"}")))),
                toolStep("call_1", Map.of("result", "42"))), new Usage(50, 10, 1, 1));

        Outcome outcome = runtime(openAi()).run(new ToolContext(null, null), agent("openai:gpt-4o-mini"), "What is 6 * 7?",
                twoStepsDone, steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> {
            assertThat(done.result()).isEqualTo("The answer is 42.");
            assertThat(done.usage().llmCalls()).isEqualTo(2);
            assertThat(done.usage().inputTokens()).isEqualTo(120);
        });
        assertThat(server.received()).as("only the call after step 2 reached the provider").hasSize(1);
        assertThat(compact(server.received().getFirst().body())).contains("\"tool_call_id\":\"call_1\"", "\"content\":\"42\"");
        assertThat(steps).extracting(Step::kind).containsExactly("llm");
    }

    @Test
    void aResumeAfterTheModelAskedForAToolRunsOnlyThatToolThenAsksAgain() {
        server.then(200, OpenAiWire.answer("The answer is 42.", 70, 8));
        History askedForTool = new History(List.of(
                llmStep(Map.of("tool_calls", List.of(Map.of("id", "call_1", "name", "calculator", "arguments", "{\"expression\":\"6 * 7\"}"))))),
                new Usage(50, 10, 1, 0));

        Outcome outcome = runtime(openAi()).run(new ToolContext(null, null), agent("openai:gpt-4o-mini"), "What is 6 * 7?",
                askedForTool, steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(steps).extracting(Step::kind).containsExactly("tool", "llm");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aResumeAfterTheFinalAnswerWasRecordedCallsNothing() {
        History answered = new History(List.of(llmStep(Map.of("text", "Done already."))), new Usage(5, 2, 1, 0));

        Outcome outcome = runtime(openAi()).run(new ToolContext(null, null), agent("openai:gpt-4o-mini"), "Hello",
                answered, steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> assertThat(done.result()).isEqualTo("Done already."));
        assertThat(server.received()).isEmpty();
    }

    private static Step llmStep(Map<String, Object> output) {
        return new Step("llm", "openai:gpt-4o-mini", Map.of("messages", 1), output, java.time.Instant.now(), 10, 0, 0);
    }

    private static Step toolStep(String id, Map<String, Object> output) {
        return new Step("tool", "calculator", Map.of("id", id, "arguments", "{}"), output, java.time.Instant.now(), 1, 0, 0);
    }

    @Test
    void anUnconfiguredProviderIsNotOffered() {
        ChatModels models = new ChatModels(WorkerSettings.Providers.none(), Duration.ZERO, meters);

        assertThat(models.find("openai:gpt-4o-mini")).isEmpty();
        assertThat(models.find("anthropic:claude-sonnet-4-5")).isEmpty();
        assertThat(models.find("offline:deterministic")).isPresent();
        assertThat(models.configuredProviders()).isEmpty();
    }

    /** The JSON as one line, whatever the client's pretty-printing. */
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

    /** Four tries 10-50 ms apart; the circuit opens at half of four calls failing. */
    private static WorkerSettings.Resilience fastRetries() {
        return new WorkerSettings.Resilience(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5), 50, 4, 4,
                Duration.ofMinutes(1), 8, Duration.ofSeconds(1));
    }

    private static AgentSpec agent(String model) {
        return agent(model, 100_000);
    }

    private static AgentSpec agent(String model, long maxTokens) {
        return new AgentSpec("wire", "Be exact.", model, List.of("calculator"), 10, 60, maxTokens);
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
