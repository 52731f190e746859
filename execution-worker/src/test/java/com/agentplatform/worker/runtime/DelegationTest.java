package com.agentplatform.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.PendingApproval;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.provider.ChatModels;
import com.agentplatform.worker.provider.OfflineChatModel;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The model's calls of agents offered as tools pause the run, all of one reply together, after the reply is recorded
 * and before anything else runs; the run that resumes with the children's results in its steps asks the model only
 * what it had not asked.
 */
class DelegationTest {

    private final UUID researcherId = UUID.randomUUID();
    private final UUID writerId = UUID.randomUUID();
    private final AgentDirectory directory = (context, ids) -> List.of(
            new CallableAgent("researcher", researcherId, "Researcher", "finds facts"),
            new CallableAgent("writer", writerId, "writer", null));
    private final AgentRuntime runtime = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of()), Clock.systemUTC(),
            4096, directory);
    private final ToolContext context = new ToolContext(new TenantId(UUID.randomUUID()), ExecutionId.newId());
    private final List<Step> recorded = new ArrayList<>();
    private final StepRecorder recorder = recorded::add;
    private final AgentSpec supervisor = new AgentSpec("supervisor", null, OfflineChatModel.NAME, List.of(), 10, 60, 100_000,
            List.of(), null, null, List.of(researcherId.toString(), writerId.toString()));

    @Test
    void bothAgentCallsOfOneReplyPauseTheRunTogetherAfterTheReplyIsRecorded() {
        assertThatThrownBy(() -> runtime.run(context, supervisor, "a note on tides", History.NONE, recorder))
                .isInstanceOfSatisfying(DelegationRequiredException.class, pause -> assertThat(pause.delegations())
                        .extracting(call -> call.tool() + "→" + call.agentId() + ":" + call.input())
                        .containsExactly("researcher→" + researcherId + ":a note on tides",
                                "writer→" + writerId + ":a note on tides"));
        assertThat(recorded).singleElement().satisfies(step -> assertThat(step.isLlm()).isTrue());
    }

    @Test
    void theResumedRunReadsTheChildrensResultsFromItsStepsAndAsksTheModelOnlyOnceMore() {
        assertThatThrownBy(() -> runtime.run(context, supervisor, "a note on tides", History.NONE, recorder))
                .isInstanceOf(DelegationRequiredException.class);
        Step reply = recorded.getFirst();
        List<Step> steps = List.of(reply, answered(reply, 0, "researcher", "the facts"), answered(reply, 1, "writer", "the text"));
        recorded.clear();

        Outcome outcome = runtime.run(context, supervisor, "a note on tides", new History(steps, new Usage(10, 5, 1, 2)), recorder);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> assertThat(done.result())
                .isEqualTo("researcher: the facts\nwriter: the text"));
        assertThat(recorded).singleElement().satisfies(step -> assertThat(step.isLlm()).isTrue());
    }

    @Test
    void aRunOfferedNoAgentsDoesNotDelegate() {
        AgentRuntime alone = new AgentRuntime(new ChatModels(), new ToolRegistry(List.of()), Clock.systemUTC(), 4096,
                AgentDirectory.NONE);
        Outcome outcome = alone.run(context, supervisor, "a note on tides", History.NONE, recorder);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, done -> assertThat(done.result())
                .isEqualTo("Offline model received: a note on tides"));
    }

    @Test
    void underRequireApprovalForAllToolsEachAgentCallWaitsForAPersonAndTheChildrenStartOnceAllAreDecided() {
        AgentSpec careful = new AgentSpec("supervisor", null, OfflineChatModel.NAME, List.of(), 10, 60, 100_000,
                List.of(AgentSpec.ALL_TOOLS), null, null, List.of(researcherId.toString(), writerId.toString()));
        assertThatThrownBy(() -> runtime.run(context, careful, "a note on tides", History.NONE, recorder))
                .isInstanceOfSatisfying(ApprovalRequiredException.class, pause -> assertThat(pause.tool()).isEqualTo("researcher"));
        Step reply = recorded.getFirst();
        assertThat(recorded).as("no child started, no call made").singleElement().satisfies(step -> assertThat(step.isLlm()).isTrue());
        recorded.clear();

        Step researcherApproved = decided(reply, 0, "researcher", "{\"input\": \"tides, briefly\"}");
        assertThatThrownBy(() -> runtime.run(context, careful, "a note on tides",
                new History(List.of(reply, researcherApproved), Usage.NONE), recorder))
                .isInstanceOfSatisfying(ApprovalRequiredException.class, pause -> assertThat(pause.tool()).isEqualTo("writer"));

        Step writerApproved = decided(reply, 1, "writer", null);
        assertThatThrownBy(() -> runtime.run(context, careful, "a note on tides",
                new History(List.of(reply, researcherApproved, writerApproved), Usage.NONE), recorder))
                .isInstanceOfSatisfying(DelegationRequiredException.class, pause -> assertThat(pause.delegations())
                        .extracting(call -> call.tool() + ":" + call.input() + "@" + call.stepSeq())
                        .as("the edited input, on the steps the decisions wrote")
                        .containsExactly("researcher:tides, briefly@2", "writer:a note on tides@3"));
        assertThat(recorded).as("no model call repeated").isEmpty();

        Step researcherRejected = new Step("tool", "researcher", researcherApproved.input(),
                Map.of("error", "rejected: not now"), Instant.now(), 0, 0, 0);
        assertThatThrownBy(() -> runtime.run(context, careful, "a note on tides",
                new History(List.of(reply, researcherRejected, writerApproved), Usage.NONE), recorder))
                .isInstanceOfSatisfying(DelegationRequiredException.class, pause -> assertThat(pause.delegations())
                        .extracting(call -> call.tool() + "@" + call.stepSeq()).as("a rejected call starts no child")
                        .containsExactly("writer@3"));
    }

    /** The step a person's approval of call {@code index} writes, with their edit of its arguments (or the model's). */
    private static Step decided(Step reply, int index, String tool, String editedArguments) {
        Map<?, ?> call = (Map<?, ?>) ((List<?>) reply.output().get("tool_calls")).get(index);
        return new Step("tool", tool, Map.of("id", call.get("id"),
                "arguments", editedArguments == null ? call.get("arguments") : editedArguments),
                Map.of(PendingApproval.APPROVED, "approved by a person", PendingApproval.APPROVAL, Map.of("decision", "approve")),
                Instant.now(), 0, 0, 0);
    }

    /** The step a child's end leaves for call {@code index} of the reply. */
    private static Step answered(Step reply, int index, String tool, String result) {
        Map<?, ?> call = (Map<?, ?>) ((List<?>) reply.output().get("tool_calls")).get(index);
        return new Step("tool", tool, Map.of("id", call.get("id"), "arguments", call.get("arguments")),
                Map.of("result", result, "child", Map.of("status", "succeeded")), Instant.now(), 5, 0, 0);
    }
}
