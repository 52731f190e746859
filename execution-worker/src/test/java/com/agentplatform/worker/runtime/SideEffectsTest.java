package com.agentplatform.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.worker.provider.ChatModels;
import com.agentplatform.worker.provider.OfflineChatModel;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Calls that may change something outside the platform are recorded as intents before they are sent, carry an
 * idempotency key, and are never sent again blindly when a run resumes; reads are simply made (and may repeat).
 */
class SideEffectsTest {

    private final ExecutionId execution = ExecutionId.newId();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Step> recorded = new CopyOnWriteArrayList<>();
    private final FakeTool writer = new FakeTool("place_order", true, "order o-1 placed");
    private final FakeTool reader = new FakeTool("look_up", false, "in stock");
    private final AgentRuntime runtime = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of(writer, reader)),
            Clock.systemUTC());
    private final StepRecorder recorder = new StepRecorder() {
        @Override
        public void record(Step step) {
            log.add("record " + step.kind() + (step.isLlm() ? "" : " " + step.name() + " " + step.callId()));
            recorded.add(step);
        }

        @Override
        public void intend(Step intent) {
            log.add("intend " + intent.name() + " " + intent.callId());
        }
    };

    @Test
    void aCallWithSideEffectsIsRecordedAsAnIntentBeforeItIsSentAndCarriesItsIdempotencyKey() {
        Outcome outcome = runtime.run(new ToolContext(null, execution), agent("place_order"),
                "call place_order with {\"item\": \"pen\"}", recorder);

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(log).containsExactly("record llm", "intend place_order call_2", "sent place_order",
                "record tool place_order call_2", "record llm");
        assertThat(writer.keys).containsExactly(execution + ":call_2");
        assertThat(recorded.get(1).output()).containsEntry("result", "order o-1 placed");
    }

    @Test
    void aReadIsNotRecordedAsAnIntent() {
        runtime.run(new ToolContext(null, execution), agent("look_up"), "call look_up with {\"item\": \"pen\"}", recorder);

        assertThat(log).containsExactly("record llm", "sent look_up", "record tool look_up call_2", "record llm");
    }

    @Test
    void anIntentLeftWithoutAResultIsNotSentAgainAndTheModelIsToldItsOutcomeIsUnknown() {
        Map<String, Object> call = Map.of("id", "call_2", "name", "place_order", "arguments", "{\"item\": \"pen\"}");
        History crashedInFlight = new History(List.of(
                new Step("llm", OfflineChatModel.NAME, Map.of("messages", 2), Map.of("tool_calls", List.of(call)), Instant.now(), 5, 20, 10),
                Step.intent("place_order", Map.of("id", "call_2", "arguments", "{\"item\": \"pen\"}"), Instant.now())),
                new Usage(20, 10, 1, 0));

        Outcome outcome = runtime.run(new ToolContext(null, execution), agent("place_order"),
                "call place_order with {\"item\": \"pen\"}", crashedInFlight, recorder);

        assertThat(writer.keys).as("not sent again").isEmpty();
        assertThat(log).containsExactly("record tool place_order call_2", "record llm");
        assertThat(recorded.getFirst().output()).containsEntry("outcome", "unknown").containsEntry("error", ToolCalls.OUTCOME_UNKNOWN);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> {
            assertThat(done.result()).isEqualTo("The place_order tool could not answer: " + ToolCalls.OUTCOME_UNKNOWN);
            assertThat(done.usage().toolCalls()).isEqualTo(1);
            assertThat(done.usage().llmCalls()).isEqualTo(2);
        });
    }

    @Test
    void aReadInterruptedByACrashIsSimplyMadeAgain() {
        Map<String, Object> call = Map.of("id", "call_2", "name", "look_up", "arguments", "{}");
        History crashedInFlight = new History(List.of(new Step("llm", OfflineChatModel.NAME, Map.of("messages", 2),
                Map.of("tool_calls", List.of(call)), Instant.now(), 5, 20, 10)), new Usage(20, 10, 1, 0));

        runtime.run(new ToolContext(null, execution), agent("look_up"), "call look_up with {}", crashedInFlight, recorder);

        assertThat(log).containsExactly("sent look_up", "record tool look_up call_2", "record llm");
    }

    @Test
    void nulInAToolsAnswerIsRemovedBeforeItIsRecordedOrGivenToTheModelAndTheStepSaysSo() {
        FakeTool page = new FakeTool("read_page", false, "be\u0000fore\u0000");
        AgentRuntime withPage = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of(page)), Clock.systemUTC());

        Outcome outcome = withPage.run(new ToolContext(null, execution), agent("read_page"), "call read_page with {}", recorder);

        assertThat(recorded.get(1).output()).containsEntry("result", "before")
                .containsEntry(StoredText.NOTE, "removed 2 NUL characters (which cannot be stored) from this output");
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class,
                done -> assertThat(done.result()).isEqualTo("The read_page tool returned: before"));
    }

    private static AgentSpec agent(String tool) {
        return new AgentSpec("orders", "Be exact.", OfflineChatModel.NAME, List.of(tool), 10, 60, 10_000);
    }

    private final class FakeTool implements AgentTool {

        private final String name;
        private final boolean writes;
        private final String answer;
        final List<String> keys = new CopyOnWriteArrayList<>();

        FakeTool(String name, boolean writes, String answer) {
            this.name = name;
            this.writes = writes;
            this.answer = answer;
        }

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).description("test").build();
        }

        @Override
        public String execute(String argumentsJson) {
            throw new AssertionError("a tool is always called with its context");
        }

        @Override
        public String execute(ToolContext context, String argumentsJson) {
            log.add("sent " + name);
            keys.add(context.idempotencyKey());
            return answer;
        }

        @Override
        public boolean hasSideEffects() {
            return writes;
        }
    }
}
