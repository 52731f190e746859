package com.agentplatform.common.workflow;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of workflow steps for tests. */
final class Steps {

    static final UUID AGENT = UUID.fromString("00000000-0000-7000-8000-000000000001");

    private Steps() {
    }

    static WorkflowStep agent(String id, String input) {
        return new WorkflowStep(id, WorkflowStep.AGENT, AGENT, null, input, null, null, null, null, null, null, null, null);
    }

    static WorkflowStep tolerant(WorkflowStep step) {
        return new WorkflowStep(step.id(), step.type(), step.agentId(), step.agent(), step.input(), step.tool(), step.arguments(),
                step.branches(), step.join(), step.when(), step.then(), step.otherwise(), true);
    }

    static WorkflowStep tool(String id, String tool, Map<String, String> arguments) {
        return new WorkflowStep(id, WorkflowStep.TOOL, null, null, null, tool, arguments, null, null, null, null, null, null);
    }

    @SafeVarargs
    static WorkflowStep parallel(String id, String join, List<WorkflowStep>... branches) {
        return new WorkflowStep(id, WorkflowStep.PARALLEL, null, null, null, null, null, List.of(branches), join, null, null,
                null, null);
    }

    static WorkflowStep condition(String id, String when, List<WorkflowStep> then, List<WorkflowStep> otherwise) {
        return new WorkflowStep(id, WorkflowStep.CONDITION, null, null, null, null, null, null, null, when, then, otherwise,
                null);
    }
}
