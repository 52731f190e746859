package com.agentplatform.common.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Walks the steps of a workflow in order, each with its field path ({@code steps[1].branches[0][2]}). */
public final class StepTree {

    private StepTree() {
    }

    public static void forEach(List<WorkflowStep> steps, BiConsumer<String, WorkflowStep> visitor) {
        walk("steps", steps, visitor);
    }

    /** Every step of the tree, nested ones included, by id. */
    public static Map<String, WorkflowStep> byId(List<WorkflowStep> steps) {
        Map<String, WorkflowStep> byId = new LinkedHashMap<>();
        forEach(steps, (path, step) -> byId.put(step.id(), step));
        return byId;
    }

    private static void walk(String path, List<WorkflowStep> steps, BiConsumer<String, WorkflowStep> visitor) {
        if (steps == null) {
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            WorkflowStep step = steps.get(i);
            if (step == null) {
                continue;
            }
            String at = path + "[" + i + "]";
            visitor.accept(at, step);
            if (WorkflowStep.PARALLEL.equals(step.type()) && step.branches() != null) {
                for (int b = 0; b < step.branches().size(); b++) {
                    walk(at + ".branches[" + b + "]", step.branches().get(b), visitor);
                }
            } else if (WorkflowStep.CONDITION.equals(step.type())) {
                walk(at + ".then", step.then(), visitor);
                walk(at + ".else", step.otherwise(), visitor);
            }
        }
    }
}
