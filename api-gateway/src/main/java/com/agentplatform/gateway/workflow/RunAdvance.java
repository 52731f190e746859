package com.agentplatform.gateway.workflow;

import com.agentplatform.common.workflow.StepState;
import com.agentplatform.common.workflow.StepTree;
import com.agentplatform.common.workflow.WorkflowEngine;
import com.agentplatform.common.workflow.WorkflowEngine.Action;
import com.agentplatform.common.workflow.WorkflowEngine.Decision;
import com.agentplatform.common.workflow.WorkflowStep;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One advance of one run, inside the caller's transaction, which holds the run's row lock: every child that has ended
 * is recorded against its step (once: the step's end is guarded by its status), then the engine decides what follows
 * and each decision is written (steps started, branches opened and closed, losers cancelled, the run's end), with the
 * run's events. Whatever must be announced after commit is returned.
 */
@Component
class RunAdvance {

    /** Decisions in one advance at most: a step that fails at once (an agent deleted since) makes the engine decide again. */
    private static final int MAX_ROUNDS = 64;

    private final RunRepository runs;
    private final Children children;
    private final WorkflowMetrics metrics;

    RunAdvance(RunRepository runs, Children children, WorkflowMetrics metrics) {
        this.runs = runs;
        this.children = children;
        this.metrics = metrics;
    }

    List<OutboxMessage> advance(RunRepository.Run run, Instant now) {
        Map<String, WorkflowStep> byId = StepTree.byId(run.steps());
        List<OutboxMessage> announce = new ArrayList<>();
        for (StepState ended : runs.endedChildren(run.id())) {
            endStep(run, byId.get(ended.stepId()), ended.status(), ended.result(), ended.error(), now);
        }
        if (!StepState.RUNNING.equals(run.status())) {
            return announce;
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Decision decision = WorkflowEngine.decide(run.steps(), run.input(), runs.states(run.id()));
            boolean decideAgain = false;
            for (Action action : decision.actions()) {
                decideAgain |= apply(run, action, now, announce);
            }
            if (!decideAgain) {
                if (decision.ended()) {
                    runs.finish(run.id(), decision.status(), decision.result(), decision.error(), now);
                    runs.appendEvent(run.id(), run.tenant(), decision.status(), terminal(decision.status(), decision.result(),
                            decision.error()), now);
                    runs.announceEnd(run.id(), run.tenant(), decision.status(), now);
                    metrics.run(decision.status());
                }
                return announce;
            }
        }
        throw new IllegalStateException("run " + run.id() + " did not settle in " + MAX_ROUNDS + " decisions");
    }

    /** Applies one decision; true when a step failed the moment it started, which the engine must see. */
    private boolean apply(RunRepository.Run run, Action action, Instant now, List<OutboxMessage> announce) {
        switch (action) {
            case WorkflowEngine.Start start -> {
                return startLeaf(run, start, now, announce);
            }
            case WorkflowEngine.Open open -> {
                runs.startStep(run.id(), open.step().id(), StepState.RUNNING, null, open.branch(), null, now);
                Map<String, Object> payload = started(open.step(), null);
                if (open.branch() != null) {
                    payload.put("branch", open.branch());
                }
                if (WorkflowStep.PARALLEL.equals(open.step().type())) {
                    metrics.fanOut(open.step().branches().size());
                }
                runs.appendEvent(run.id(), run.tenant(), "step_started", payload, now);
            }
            case WorkflowEngine.Close close -> endStep(run, close.step(), close.status(), close.result(), close.error(), now);
            case WorkflowEngine.Cancel cancel -> {
                Map<String, WorkflowStep> byId = StepTree.byId(run.steps());
                for (StepState leaf : cancel.leaves()) {
                    announce.addAll(children.cancel(run.tenant(), leaf.executionId(), now));
                    endStep(run, byId.get(leaf.stepId()), StepState.CANCELLED, null, "cancelled: no longer needed", now);
                }
            }
        }
        return false;
    }

    private boolean startLeaf(RunRepository.Run run, WorkflowEngine.Start start, Instant now, List<OutboxMessage> announce) {
        WorkflowStep step = start.step();
        try {
            Children.Started child = children.start(run.tenant(), run.id(), step, start.input(), start.arguments(), now);
            runs.startStep(run.id(), step.id(), StepState.RUNNING, child.execution(), null, null, now);
            announce.add(child.wakeUp());
            runs.appendEvent(run.id(), run.tenant(), "step_started", started(step, child.execution()), now);
            return false;
        } catch (ApiException e) {
            String error = e.code() + ": " + e.getMessage() + (e.errors().isEmpty() ? "" : " " + e.errors());
            runs.startStep(run.id(), step.id(), StepState.FAILED, null, null, error, now);
            runs.appendEvent(run.id(), run.tenant(), "step_started", started(step, null), now);
            runs.appendEvent(run.id(), run.tenant(), "step_finished", finished(step.id(), StepState.FAILED, null, error), now);
            metrics.stepEnded(step.type(), StepState.FAILED, Duration.ZERO);
            return true;
        }
    }

    private void endStep(RunRepository.Run run, WorkflowStep step, String status, String result, String error, Instant now) {
        String id = step == null ? null : step.id();
        if (id == null) {
            return;
        }
        runs.endStep(run.id(), id, status, result, error, now).ifPresent(startedAt -> {
            runs.appendEvent(run.id(), run.tenant(), "step_finished", finished(id, status, result, error), now);
            metrics.stepEnded(step.type(), status, Duration.between(startedAt, now));
        });
    }

    private static Map<String, Object> started(WorkflowStep step, UUID execution) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("step_id", step.id());
        payload.put("type", step.type());
        if (execution != null) {
            payload.put("execution_id", execution.toString());
        }
        return payload;
    }

    static Map<String, Object> finished(String stepId, String status, String result, String error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("step_id", stepId);
        payload.put("status", status);
        if (result != null) {
            payload.put("result", result);
        }
        if (error != null) {
            payload.put("error", error);
        }
        return payload;
    }

    static Map<String, Object> terminal(String status, String result, String error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", status);
        if (result != null) {
            payload.put("result", result);
        }
        if (error != null) {
            payload.put("error", error);
        }
        return payload;
    }
}
