package com.agentplatform.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.PendingApproval;
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
 * A call of a tool the agent's {@code require_approval} names pauses the run before it is made; the run that resumes
 * from the recorded steps makes the approved call (with the person's arguments) exactly once, or gives the model the
 * rejection, and asks the model nothing it asked before.
 */
class ApprovalsTest {

    private static final String INPUT = "call transfer with {\"amount\": 100}";

    private final ExecutionId execution = ExecutionId.newId();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Step> recorded = new CopyOnWriteArrayList<>();
    private final Transfer transfer = new Transfer();
    private final AgentRuntime runtime = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of(transfer)),
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
    void aCallThatNeedsApprovalPausesTheRunAfterTheModelsStepIsRecordedAndBeforeTheToolIsCalled() {
        assertThatThrownBy(() -> runtime.run(new ToolContext(null, execution), agent(List.of("transfer")), INPUT, recorder))
                .isInstanceOfSatisfying(ApprovalRequiredException.class, pause -> {
                    assertThat(pause.callId()).isEqualTo("call_2");
                    assertThat(pause.tool()).isEqualTo("transfer");
                    assertThat(pause.arguments()).isEqualTo("{\"amount\": 100}");
                });
        assertThat(log).containsExactly("record llm");
        assertThat(transfer.sent).isEmpty();
    }

    @Test
    void theStarNeedsApprovalForEveryToolAndAnAgentWithoutTheToolListedRunsItAtOnce() {
        assertThatThrownBy(() -> runtime.run(new ToolContext(null, execution), agent(List.of("*")), INPUT, recorder))
                .isInstanceOf(ApprovalRequiredException.class);

        Outcome free = runtime.run(new ToolContext(null, execution), agent(List.of("other_tool")), INPUT, recorder);
        assertThat(free).isInstanceOf(Outcome.Succeeded.class);
        assertThat(transfer.sent).containsExactly("{\"amount\": 100}");
    }

    @Test
    void anApprovedCallIsMadeOnceWithThePersonsArgumentsAsAnIntentThatCompletesTheDecisionsStepAndNoModelCallIsRepeated() {
        History decided = history(Map.of(PendingApproval.APPROVED, "approved", PendingApproval.APPROVAL,
                Map.of("decision", "approve")), "{\"amount\": 50}");

        Outcome outcome = runtime.run(new ToolContext(null, execution), agent(List.of("transfer")), INPUT, decided, recorder);

        assertThat(transfer.sent).containsExactly("{\"amount\": 50}");
        assertThat(transfer.keys).containsExactly(execution + ":call_2");
        assertThat(log).containsExactly("intend transfer call_2", "sent transfer", "record tool transfer call_2", "record llm");
        assertThat(recorded.getFirst().output()).containsEntry("result", "sent")
                .containsEntry(PendingApproval.APPROVAL, Map.of("decision", "approve"));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> {
            assertThat(done.result()).isEqualTo("The transfer tool returned: sent");
            assertThat(done.usage().llmCalls()).isEqualTo(2);
            assertThat(done.usage().toolCalls()).isEqualTo(1);
        });
    }

    @Test
    void aRejectedCallIsNeverMadeAndTheModelGetsTheRejectionWithItsReasonAsTheToolsResult() {
        History rejected = history(Map.of("error", "rejected: too much", PendingApproval.APPROVAL, Map.of("decision", "reject")),
                "{\"amount\": 100}");

        Outcome outcome = runtime.run(new ToolContext(null, execution), agent(List.of("transfer")), INPUT, rejected, recorder);

        assertThat(transfer.sent).isEmpty();
        assertThat(log).containsExactly("record llm");
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class,
                done -> assertThat(done.result()).isEqualTo("The transfer tool could not answer: rejected: too much"));
    }

    @Test
    void ofSeveralCallsInOneReplyThoseBeforeTheFirstThatNeedsApprovalAreMadeAndTheRestWait() {
        Map<String, Object> first = Map.of("id", "a", "name", "transfer", "arguments", "{\"amount\": 1}");
        Map<String, Object> second = Map.of("id", "b", "name", "transfer", "arguments", "{\"amount\": 2}");
        History asked = new History(List.of(new Step("llm", OfflineChatModel.NAME, Map.of("messages", 2),
                Map.of("tool_calls", List.of(first, second)), Instant.now(), 5, 20, 10),
                new Step("tool", "transfer", Map.of("id", "a", "arguments", "{\"amount\": 1}"),
                        Map.of(PendingApproval.APPROVED, "approved", PendingApproval.APPROVAL, Map.of()), Instant.now(), 0, 0, 0)),
                new Usage(20, 10, 1, 0));

        assertThatThrownBy(() -> runtime.run(new ToolContext(null, execution), agent(List.of("transfer")), INPUT, asked, recorder))
                .isInstanceOfSatisfying(ApprovalRequiredException.class, pause -> assertThat(pause.callId()).isEqualTo("b"));
        assertThat(transfer.sent).as("the approved first call only").containsExactly("{\"amount\": 1}");
    }

    /** The model asked for the transfer (step 1); a person decided (step 2, written by the decision). */
    private static History history(Map<String, Object> decidedOutput, String arguments) {
        Map<String, Object> call = Map.of("id", "call_2", "name", "transfer", "arguments", "{\"amount\": 100}");
        return new History(List.of(
                new Step("llm", OfflineChatModel.NAME, Map.of("messages", 2), Map.of("tool_calls", List.of(call)), Instant.now(), 5, 20, 10),
                new Step("tool", "transfer", Map.of("id", "call_2", "arguments", arguments), decidedOutput, Instant.now(), 0, 0, 0)),
                new Usage(20, 10, 1, 0));
    }

    private static AgentSpec agent(List<String> requireApproval) {
        return new AgentSpec("payments", "Ask first.", OfflineChatModel.NAME, List.of("transfer"), 10, 60, 10_000, requireApproval, 60, null);
    }

    private final class Transfer implements AgentTool {

        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> keys = new CopyOnWriteArrayList<>();

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("transfer").description("test").build();
        }

        @Override
        public String execute(String argumentsJson) {
            throw new AssertionError("a tool is always called with its context");
        }

        @Override
        public String execute(ToolContext context, String argumentsJson) {
            log.add("sent transfer");
            sent.add(argumentsJson);
            keys.add(context.idempotencyKey());
            return "sent";
        }

        @Override
        public boolean hasSideEffects() {
            return false;
        }
    }
}
