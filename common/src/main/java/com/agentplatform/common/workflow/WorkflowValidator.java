package com.agentplatform.common.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow's steps before it is stored: ids unique across the whole tree, templates that name only the input
 * and steps that have ended before theirs (earlier steps of the enclosing lists, with everything nested in them; never
 * a sibling branch), conditions that compile, and the size bounds. Every problem is reported with the field path of the
 * step at fault, such as {@code steps[2].branches[0][1].input}.
 */
public final class WorkflowValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_TEMPLATE = 32_000;

    /**
     * @param maxSteps    the most steps in the whole tree, composite steps included
     * @param maxBranches the most branches of one parallel step
     * @param maxNesting  how deep a step may sit: 0 for the top-level list, one more inside each parallel or condition
     */
    public record Bounds(int maxSteps, int maxBranches, int maxNesting) {
    }

    /** A problem, at the field path of the step at fault. */
    public record Violation(String field, String message) {
    }

    private final Bounds bounds;
    private final List<Violation> violations = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private int count;

    private WorkflowValidator(Bounds bounds) {
        this.bounds = bounds;
    }

    /** Every problem of the steps, in the order met; empty when they are fine. */
    public static List<Violation> check(List<WorkflowStep> steps, Bounds bounds) {
        WorkflowValidator validator = new WorkflowValidator(bounds);
        if (steps == null || steps.isEmpty()) {
            validator.violations.add(new Violation("steps", "must hold at least one step"));
        } else {
            validator.sequence("steps", steps, Set.of(), 0);
            if (validator.count > bounds.maxSteps()) {
                validator.violations.add(new Violation("steps", "has " + validator.count + " steps; at most "
                        + bounds.maxSteps() + " are allowed (nested steps count)"));
            }
        }
        return List.copyOf(validator.violations);
    }

    /** Checks a list of steps that may read {@code visible}; returns the ids visible after it (its own added). */
    private Set<String> sequence(String path, List<WorkflowStep> steps, Set<String> visible, int depth) {
        Set<String> seen = new HashSet<>(visible);
        for (int i = 0; i < steps.size(); i++) {
            String at = path + "[" + i + "]";
            WorkflowStep step = steps.get(i);
            if (step == null) {
                violations.add(new Violation(at, "must be a step"));
                continue;
            }
            count++;
            if (depth > bounds.maxNesting()) {
                violations.add(new Violation(at, "is nested " + depth + " deep; at most " + bounds.maxNesting() + " is allowed"));
            }
            id(at, step);
            seen.addAll(step(at, step, seen, depth));
            if (step.id() != null) {
                seen.add(step.id());
            }
        }
        return seen;
    }

    private void id(String at, WorkflowStep step) {
        if (step.id() == null || !ID.matcher(step.id()).matches()) {
            violations.add(new Violation(at + ".id", "must be 1-64 letters, digits, '_' or '-'"));
        } else if (!ids.add(step.id())) {
            violations.add(new Violation(at + ".id", "'" + step.id() + "' is the id of an earlier step; ids must be unique"));
        }
    }

    /** Checks one step by its type; returns the ids nested in it. */
    private Set<String> step(String at, WorkflowStep step, Set<String> visible, int depth) {
        if (step.type() == null) {
            violations.add(new Violation(at + ".type", "must be one of agent, tool, parallel, condition"));
            return Set.of();
        }
        switch (step.type()) {
            case WorkflowStep.AGENT -> agent(at, step, visible);
            case WorkflowStep.TOOL -> tool(at, step, visible);
            case WorkflowStep.PARALLEL -> {
                return parallel(at, step, visible, depth);
            }
            case WorkflowStep.CONDITION -> {
                return condition(at, step, visible, depth);
            }
            default -> violations.add(new Violation(at + ".type", "must be one of agent, tool, parallel, condition"));
        }
        return Set.of();
    }

    private void agent(String at, WorkflowStep step, Set<String> visible) {
        if ((step.agentId() == null) == (step.agent() == null)) {
            violations.add(new Violation(at + ".agent_id", "give exactly one of agent_id and agent"));
        }
        if (step.input() == null || step.input().isBlank()) {
            violations.add(new Violation(at + ".input", "must not be empty"));
        } else {
            template(at + ".input", step.input(), visible);
        }
    }

    private void tool(String at, WorkflowStep step, Set<String> visible) {
        if (step.tool() == null || step.tool().isBlank() || step.tool().length() > 200) {
            violations.add(new Violation(at + ".tool", "must name a tool (1-200 characters)"));
        }
        if (step.arguments() != null) {
            for (Map.Entry<String, String> argument : step.arguments().entrySet()) {
                String field = at + ".arguments." + argument.getKey();
                if (argument.getValue() == null) {
                    violations.add(new Violation(field, "must be a template (text)"));
                } else {
                    template(field, argument.getValue(), visible);
                }
            }
        }
    }

    private Set<String> parallel(String at, WorkflowStep step, Set<String> visible, int depth) {
        if (step.join() != null && !WorkflowStep.JOIN_ALL.equals(step.join()) && !WorkflowStep.JOIN_ANY.equals(step.join())) {
            violations.add(new Violation(at + ".join", "must be \"all\" or \"any\""));
        }
        List<List<WorkflowStep>> branches = step.branches();
        if (branches == null || branches.isEmpty()) {
            violations.add(new Violation(at + ".branches", "must hold at least one branch"));
            return Set.of();
        }
        if (branches.size() > bounds.maxBranches()) {
            violations.add(new Violation(at + ".branches", "has " + branches.size() + " branches; at most "
                    + bounds.maxBranches() + " are allowed"));
        }
        Set<String> nested = new HashSet<>();
        for (int b = 0; b < branches.size(); b++) {
            nested.addAll(branch(at + ".branches[" + b + "]", branches.get(b), visible, depth));
        }
        return nested;
    }

    private Set<String> condition(String at, WorkflowStep step, Set<String> visible, int depth) {
        String problem = Conditions.problem(step.when());
        if (problem != null) {
            violations.add(new Violation(at + ".when", problem));
        }
        if (step.then() == null || step.then().isEmpty()) {
            violations.add(new Violation(at + ".then", "must hold at least one step"));
        }
        Set<String> nested = new HashSet<>();
        if (step.then() != null) {
            nested.addAll(branch(at + ".then", step.then(), visible, depth));
        }
        if (step.otherwise() != null) {
            nested.addAll(branch(at + ".else", step.otherwise(), visible, depth));
        }
        return nested;
    }

    private Set<String> branch(String path, List<WorkflowStep> steps, Set<String> visible, int depth) {
        if (steps == null || steps.isEmpty()) {
            violations.add(new Violation(path, "must hold at least one step"));
            return Set.of();
        }
        Set<String> after = sequence(path, steps, visible, depth + 1);
        after.removeAll(visible);
        return after;
    }

    private void template(String field, String template, Set<String> visible) {
        if (template.length() > MAX_TEMPLATE) {
            violations.add(new Violation(field, "must be at most " + MAX_TEMPLATE + " characters"));
            return;
        }
        try {
            for (Templates.Reference reference : Templates.references(template)) {
                if (reference.stepId() != null && !visible.contains(reference.stepId())) {
                    violations.add(new Violation(field, "{{" + reference.text() + "}} names step '" + reference.stepId()
                            + "', which has not run before this step"));
                }
            }
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, e.getMessage()));
        }
    }
}
