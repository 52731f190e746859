package com.agentplatform.common.workflow;

import static com.agentplatform.common.workflow.Steps.agent;
import static com.agentplatform.common.workflow.Steps.condition;
import static com.agentplatform.common.workflow.Steps.parallel;
import static com.agentplatform.common.workflow.Steps.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.workflow.WorkflowEngine.Action;
import com.agentplatform.common.workflow.WorkflowEngine.Cancel;
import com.agentplatform.common.workflow.WorkflowEngine.Decision;
import com.agentplatform.common.workflow.WorkflowEngine.Start;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkflowEngineTest {

    private final Map<String, StepState> states = new HashMap<>();

    private void running(String id) {
        states.put(id, new StepState(id, StepState.RUNNING, UUID.randomUUID(), null, null, null));
    }

    private void ended(String id, String status, String result) {
        states.put(id, new StepState(id, status, UUID.randomUUID(), result, status.equals("failed") ? "boom" : null, null));
    }

    private Decision decide(List<WorkflowStep> steps) {
        Decision decision = WorkflowEngine.decide(steps, "topic", states);
        decision.actions().forEach(this::apply);
        return decision;
    }

    /** Applies the decision as the gateway does, so the next call sees it. */
    private void apply(Action action) {
        switch (action) {
            case Start start -> running(start.step().id());
            case WorkflowEngine.Open open -> states.put(open.step().id(),
                    new StepState(open.step().id(), StepState.RUNNING, null, null, null, open.branch()));
            case WorkflowEngine.Close close -> states.put(close.step().id(),
                    new StepState(close.step().id(), close.status(), null, close.result(), close.error(), states.get(close.step().id()).branch()));
            case Cancel cancel -> cancel.leaves().forEach(leaf -> ended(leaf.stepId(), StepState.CANCELLED, null));
        }
    }

    private static List<String> started(Decision decision) {
        return decision.actions().stream().filter(Start.class::isInstance).map(a -> ((Start) a).step().id()).toList();
    }

    @Test
    void runsASequenceOneStepAtATimeWithEachResultInTheNextInput() {
        List<WorkflowStep> steps = List.of(agent("research", "Research {{input}}"), agent("write", "Write: {{steps.research.result}}"));
        Decision first = decide(steps);
        assertThat(((Start) first.actions().getFirst()).input()).isEqualTo("Research topic");
        assertThat(decide(steps).actions()).isEmpty();
        ended("research", StepState.SUCCEEDED, "notes");
        Decision second = decide(steps);
        assertThat(((Start) second.actions().getFirst()).input()).isEqualTo("Write: notes");
        ended("write", StepState.SUCCEEDED, "essay");
        assertThat(decide(steps)).extracting(Decision::status, Decision::result).containsExactly("succeeded", "essay");
    }

    @Test
    void joinsAllBranchesOnceAndCollectsTheirResults() {
        List<WorkflowStep> steps = List.of(parallel("fan", "all", List.of(agent("a", "x")), List.of(agent("b", "y"))),
                agent("sum", "{{steps.fan.output.0}}+{{steps.fan.output.1}}"));
        assertThat(started(decide(steps))).containsExactly("a", "b");
        ended("a", StepState.SUCCEEDED, "1");
        assertThat(decide(steps).actions()).isEmpty();
        ended("b", StepState.SUCCEEDED, "2");
        Decision join = decide(steps);
        assertThat(((Start) join.actions().getLast()).input()).isEqualTo("1+2");
        assertThat(started(decide(steps))).isEmpty();
    }

    @Test
    void joinAnyTakesTheFirstSuccessAndCancelsTheOthers() {
        List<WorkflowStep> steps = List.of(parallel("race", "any", List.of(agent("slow", "x"), agent("after", "z")),
                List.of(agent("fast", "y"))));
        decide(steps);
        ended("fast", StepState.SUCCEEDED, "won");
        Decision decision = decide(steps);
        assertThat(decision.actions()).filteredOn(Cancel.class::isInstance).singleElement()
                .satisfies(cancel -> assertThat(((Cancel) cancel).leaves()).extracting(StepState::stepId).containsExactly("slow"));
        assertThat(decision).extracting(Decision::status, Decision::result).containsExactly("succeeded", "won");
    }

    @Test
    void aFailedStepFailsTheRunAndCancelsWhatStillRunsUnlessItContinuesOnError() {
        List<WorkflowStep> steps = List.of(parallel("fan", "all", List.of(agent("a", "x")), List.of(agent("b", "y"))));
        decide(steps);
        ended("a", StepState.FAILED, null);
        Decision decision = decide(steps);
        assertThat(decision.status()).isEqualTo("failed");
        assertThat(decision.actions()).anySatisfy(action -> assertThat(action).isInstanceOf(Cancel.class));

        states.clear();
        List<WorkflowStep> tolerant = List.of(tolerant(agent("a", "x")), agent("b", "after {{steps.a.result}}"));
        decide(tolerant);
        ended("a", StepState.FAILED, null);
        assertThat(((Start) decide(tolerant).actions().getFirst()).input()).isEqualTo("after ");
    }

    @Test
    void aConditionTakesExactlyOneBranch() {
        List<WorkflowStep> steps = List.of(agent("classify", "{{input}}"),
                condition("route", "steps.classify.result.contains('bug')", List.of(agent("fix", "x")), List.of(agent("reply", "y"))));
        decide(steps);
        ended("classify", StepState.SUCCEEDED, "a question");
        assertThat(started(decide(steps))).containsExactly("reply");
        assertThat(states.get("route").branch()).isEqualTo("else");
        ended("reply", StepState.SUCCEEDED, "answered");
        assertThat(decide(steps).result()).isEqualTo("answered");
    }
}
