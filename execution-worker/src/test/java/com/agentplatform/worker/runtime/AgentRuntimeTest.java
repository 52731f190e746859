package com.agentplatform.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.worker.provider.ChatModels;
import com.agentplatform.worker.provider.OfflineChatModel;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRuntimeTest {

    private final List<Step> steps = new ArrayList<>();
    private final AgentRuntime runtime = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of(new Calculator())),
            Clock.systemUTC());

    @Test
    void aToolUsingRunRecordsEveryLlmAndToolCallInOrder() {
        Outcome outcome = runtime.run(agent(List.of("calculator"), 10, 10_000), "What is 12 * 12?", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, succeeded -> {
            assertThat(succeeded.result()).isEqualTo("The answer is 144.");
            assertThat(succeeded.usage().llmCalls()).isEqualTo(2);
            assertThat(succeeded.usage().toolCalls()).isEqualTo(1);
        });
        assertThat(steps).extracting(Step::kind, Step::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("llm", OfflineChatModel.NAME),
                        org.assertj.core.groups.Tuple.tuple("tool", "calculator"),
                        org.assertj.core.groups.Tuple.tuple("llm", OfflineChatModel.NAME));
        assertThat(steps.get(1).output()).containsEntry("result", "144");
        long recordedTokens = steps.stream().mapToLong(step -> step.inputTokens() + step.outputTokens()).sum();
        assertThat(recordedTokens).isEqualTo(outcome.usage().totalTokens());
    }

    @Test
    void theModelSeesOnlyTheToolsTheAgentAllows() {
        Outcome outcome = runtime.run(agent(List.of(), 10, 10_000), "What is 12 * 12?", steps::add);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(steps).extracting(Step::kind).containsExactly("llm");
    }

    @Test
    void aRunThatNeedsMoreStepsThanAllowedFails() {
        Outcome outcome = runtime.run(agent(List.of("calculator"), 2, 10_000), "What is 12 * 12?", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(FailureCode.MAX_STEPS_EXCEEDED));
        assertThat(steps).hasSize(2);
    }

    @Test
    void aRunOverItsTokenBudgetFails() {
        Outcome outcome = runtime.run(agent(List.of("calculator"), 10, 5), "What is 12 * 12?", steps::add);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(FailureCode.TOKEN_BUDGET_EXCEEDED));
    }

    @Test
    void aRunPastItsDeadlineTimesOut() {
        MovingClock clock = new MovingClock();
        AgentRuntime slowRuntime = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of(new Calculator())), clock);

        Outcome outcome = slowRuntime.run(agent(List.of("calculator"), 10, 10_000), "What is 12 * 12?", step -> clock.advance(Duration.ofSeconds(40)));

        assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
    }

    @Test
    void theTimeoutCountsFromTheFirstStartSoARetriedAttemptGetsNoExtraTime() {
        History startedLongAgo = new History(List.of(), Usage.NONE, Instant.now().minusSeconds(61));

        Outcome outcome = runtime.run(new com.agentplatform.worker.tool.ToolContext(null, null),
                agent(List.of("calculator"), 10, 10_000), "What is 12 * 12?", startedLongAgo, steps::add);

        assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
        assertThat(steps).isEmpty();
    }

    @Test
    void anUnknownModelFailsWithoutCallingAnything() {
        AgentSpec unknown = new AgentSpec("a", null, "nowhere:nothing", List.of(), 10, 60, 1000);

        assertThat(runtime.run(unknown, "hi", steps::add)).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(FailureCode.UNKNOWN_MODEL));
        assertThat(steps).isEmpty();
    }

    private static AgentSpec agent(List<String> tools, int maxSteps, long maxTokens) {
        return new AgentSpec("test", "Be exact.", OfflineChatModel.NAME, tools, maxSteps, 60, maxTokens);
    }

    /** The built-in calculator, reached through the public interface. */
    private static final class Calculator implements AgentTool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("calculator").description("arithmetic").build();
        }

        @Override
        public String execute(String argumentsJson) {
            String expression = argumentsJson.replaceAll(".*\"expression\":\"([^\"]*)\".*", "$1");
            return com.agentplatform.worker.tool.Calculator.evaluate(expression);
        }
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
