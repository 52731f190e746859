package com.agentplatform.common.workflow;

import com.agentplatform.common.json.JsonMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a run does next from its definition and the state of its steps, and nothing else: no clock, no
 * database. It walks the tree in order; a step that has ended is read back, one that has not is started (a leaf), opened
 * (a parallel or condition step) or waited for. Calling it again with the same states decides nothing new, which is what
 * makes an advance safe to repeat after a crash.
 */
public final class WorkflowEngine {

    /** What the walk decided, in the order the caller applies it. */
    public sealed interface Action {
    }

    /** Start a leaf: {@code input} is its rendered input (agent) or {@code arguments} its rendered arguments (tool). */
    public record Start(WorkflowStep step, String input, Map<String, String> arguments) implements Action {
    }

    /** A parallel or condition step begins ({@code branch} is the side a condition took). */
    public record Open(WorkflowStep step, String branch) implements Action {
    }

    /** A parallel or condition step ended, with its result or error. */
    public record Close(WorkflowStep step, String status, String result, String error) implements Action {
    }

    /** Cancel these running leaves: the losers of a {@code join: any}, or whatever still runs when the run fails. */
    public record Cancel(List<StepState> leaves) implements Action {
    }

    /** The run's state after the walk: {@code status} is running until the last top-level step has ended. */
    public record Decision(String status, String result, String error, List<Action> actions) {

        public boolean ended() {
            return !StepState.RUNNING.equals(status);
        }
    }

    private sealed interface Progress {
    }

    private record Done(String result) implements Progress {
    }

    private record Failed(String error) implements Progress {
    }

    private record Pending() implements Progress {
    }

    private static final Pending PENDING = new Pending();

    private final String input;
    private final Map<String, StepState> states;
    private final List<Action> actions = new ArrayList<>();

    private WorkflowEngine(String input, Map<String, StepState> states) {
        this.input = input;
        this.states = new LinkedHashMap<>(states);
    }

    /** What to do next for a run with this input whose steps are in {@code states} (by step id). */
    public static Decision decide(List<WorkflowStep> steps, String input, Map<String, StepState> states) {
        WorkflowEngine engine = new WorkflowEngine(input, states);
        Progress progress = engine.sequence(steps);
        return switch (progress) {
            case Done done -> new Decision(StepState.SUCCEEDED, done.result(), null, engine.actions);
            case Failed failed -> {
                engine.cancelUnder(steps);
                yield new Decision(StepState.FAILED, null, failed.error(), engine.actions);
            }
            case Pending pending -> new Decision(StepState.RUNNING, null, null, engine.actions);
        };
    }

    private Progress sequence(List<WorkflowStep> steps) {
        String last = null;
        for (WorkflowStep step : steps) {
            Progress progress = step(step);
            switch (progress) {
                case Pending pending -> {
                    return pending;
                }
                case Failed failed -> {
                    if (!step.continues()) {
                        return failed;
                    }
                    last = null;
                }
                case Done done -> last = done.result();
            }
        }
        return new Done(last);
    }

    private Progress step(WorkflowStep step) {
        StepState state = states.get(step.id());
        if (state != null && state.ended()) {
            return state.succeeded() ? new Done(state.result())
                    : new Failed(state.error() == null ? "step " + step.id() + " " + state.status() : state.error());
        }
        return switch (step.type()) {
            case WorkflowStep.PARALLEL -> parallel(step, state);
            case WorkflowStep.CONDITION -> condition(step, state);
            default -> leaf(step, state);
        };
    }

    private Progress leaf(WorkflowStep step, StepState state) {
        if (state == null) {
            Map<String, String> results = results();
            Map<String, String> arguments = null;
            if (step.arguments() != null) {
                arguments = new LinkedHashMap<>();
                for (Map.Entry<String, String> argument : step.arguments().entrySet()) {
                    arguments.put(argument.getKey(), Templates.render(argument.getValue(), input, results));
                }
            }
            String rendered = step.input() == null ? null : Templates.render(step.input(), input, results);
            actions.add(new Start(step, rendered, arguments));
            states.put(step.id(), new StepState(step.id(), StepState.RUNNING, null, null, null, null));
        }
        return PENDING;
    }

    private Progress parallel(WorkflowStep step, StepState state) {
        if (state == null) {
            open(step, null);
        }
        int mark = actions.size();
        Map<String, StepState> before = new LinkedHashMap<>(states);
        List<Progress> branches = step.branches().stream().map(this::sequence).toList();
        if (step.joinsAny()) {
            for (Progress branch : branches) {
                if (branch instanceof Done done) {
                    undo(mark, before);
                    return close(step, done, List.of(step));
                }
            }
            if (branches.stream().allMatch(Failed.class::isInstance)) {
                return close(step, new Failed("every branch of " + step.id() + " failed"), List.of());
            }
            return PENDING;
        }
        for (Progress branch : branches) {
            if (branch instanceof Failed failed) {
                undo(mark, before);
                return close(step, failed, List.of(step));
            }
        }
        if (branches.stream().allMatch(Done.class::isInstance)) {
            List<String> results = branches.stream().map(branch -> ((Done) branch).result()).toList();
            return close(step, new Done(JsonMapping.messages().writeValueAsString(results)), List.of());
        }
        return PENDING;
    }

    private Progress condition(WorkflowStep step, StepState state) {
        String branch;
        if (state == null) {
            try {
                branch = Conditions.evaluate(step.when(), input, outcomes()) ? "then" : step.otherwise() == null ? "none" : "else";
            } catch (IllegalArgumentException e) {
                return close(step, new Failed("condition of " + step.id() + " could not be evaluated: " + e.getMessage()),
                        List.of());
            }
            open(step, branch);
        } else {
            branch = state.branch();
        }
        Progress progress = switch (branch) {
            case "then" -> sequence(step.then());
            case "else" -> sequence(step.otherwise());
            default -> new Done(null);
        };
        return progress instanceof Pending ? progress : close(step, progress, List.of());
    }

    /**
     * Takes back what the walk decided inside a parallel step it is about to close: the other branches may have started
     * their next steps a moment ago, which must not run now.
     */
    private void undo(int mark, Map<String, StepState> before) {
        actions.subList(mark, actions.size()).clear();
        states.clear();
        states.putAll(before);
    }

    private void open(WorkflowStep step, String branch) {
        actions.add(new Open(step, branch));
        states.put(step.id(), new StepState(step.id(), StepState.RUNNING, null, null, null, branch));
    }

    /** Ends a composite step; the running leaves under {@code abandon} are cancelled (they can no longer matter). */
    private Progress close(WorkflowStep step, Progress progress, List<WorkflowStep> abandon) {
        cancelUnder(abandon);
        StepState open = states.get(step.id());
        String branch = open == null ? null : open.branch();
        StepState closed = switch (progress) {
            case Done done -> new StepState(step.id(), StepState.SUCCEEDED, null, done.result(), null, branch);
            case Failed failed -> new StepState(step.id(), StepState.FAILED, null, null, failed.error(), branch);
            case Pending pending -> throw new IllegalStateException("a pending step is not closed");
        };
        actions.add(new Close(step, closed.status(), closed.result(), closed.error()));
        states.put(step.id(), closed);
        return progress;
    }

    private void cancelUnder(List<WorkflowStep> steps) {
        List<StepState> running = new ArrayList<>();
        collectRunningLeaves(steps, running);
        if (!running.isEmpty()) {
            actions.add(new Cancel(running));
        }
    }

    private void collectRunningLeaves(List<WorkflowStep> steps, List<StepState> into) {
        for (WorkflowStep step : steps) {
            StepState state = states.get(step.id());
            if (state == null) {
                continue;
            }
            if (step.isLeaf() && !state.ended() && state.executionId() != null) {
                into.add(state);
            }
            step.children().forEach(children -> collectRunningLeaves(children, into));
        }
    }

    private Map<String, String> results() {
        Map<String, String> results = new LinkedHashMap<>();
        states.values().stream().filter(StepState::succeeded).forEach(s -> results.put(s.stepId(), s.result()));
        return results;
    }

    private Map<String, Conditions.StepOutcome> outcomes() {
        Map<String, Conditions.StepOutcome> outcomes = new LinkedHashMap<>();
        states.values().stream().filter(StepState::ended)
                .forEach(s -> outcomes.put(s.stepId(), new Conditions.StepOutcome(s.status(), s.result())));
        return outcomes;
    }
}
