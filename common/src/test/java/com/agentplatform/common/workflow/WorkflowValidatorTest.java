package com.agentplatform.common.workflow;

import static com.agentplatform.common.workflow.Steps.agent;
import static com.agentplatform.common.workflow.Steps.condition;
import static com.agentplatform.common.workflow.Steps.parallel;
import static com.agentplatform.common.workflow.Steps.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.workflow.WorkflowValidator.Bounds;
import com.agentplatform.common.workflow.WorkflowValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowValidatorTest {

    private static final Bounds BOUNDS = new Bounds(32, 8, 4);

    private static List<String> fields(List<WorkflowStep> steps) {
        return WorkflowValidator.check(steps, BOUNDS).stream().map(Violation::field).toList();
    }

    @Test
    void acceptsAPipelineWhoseTemplatesReadEarlierSteps() {
        assertThat(WorkflowValidator.check(List.of(
                agent("research", "Research {{input}}"),
                parallel("fan", "all", List.of(agent("a", "{{steps.research.result}}")), List.of(agent("b", "{{input}}"))),
                condition("check", "steps.a.result.contains('x')", List.of(agent("yes", "{{steps.fan.output.0}}")), null),
                tool("calc", "calculator", Map.of("expression", "{{steps.b.output.value}}"))), BOUNDS)).isEmpty();
    }

    @Test
    void pointsAtATemplateThatNamesALaterOrSiblingStep() {
        assertThat(fields(List.of(
                agent("first", "{{steps.second.result}}"),
                agent("second", "{{input}}"),
                parallel("fan", "all", List.of(agent("a", "{{input}}")), List.of(agent("b", "x"), agent("c", "{{steps.a.result}}"))))))
                .containsExactly("steps[0].input", "steps[2].branches[1][1].input");
    }

    @Test
    void refusesRepeatedIdsAnywhereInTheTree() {
        assertThat(fields(List.of(agent("a", "x"), parallel("p", "all", List.of(agent("a", "y"))))))
                .containsExactly("steps[1].branches[0][0].id");
    }

    @Test
    void refusesConditionsThatDoNotCompileAndUnknownPlaceholders() {
        assertThat(fields(List.of(
                condition("c", "input +", List.of(agent("a", "x")), null),
                agent("b", "{{secrets.key}}"))))
                .containsExactly("steps[0].when", "steps[1].input");
    }

    @Test
    void refusesTooManyBranchesStepsAndTooDeepNesting() {
        List<List<WorkflowStep>> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(List.of(agent("b" + i, "x")));
        }
        WorkflowStep wide = new WorkflowStep("wide", WorkflowStep.PARALLEL, null, null, null, null, null, nine, "all", null,
                null, null, null);
        assertThat(fields(List.of(wide))).containsExactly("steps[0].branches");

        WorkflowStep deep = agent("leaf", "x");
        for (int level = 0; level < 5; level++) {
            deep = parallel("p" + level, "all", List.of(deep));
        }
        assertThat(fields(List.of(deep))).containsExactly("steps[0].branches[0][0].branches[0][0].branches[0][0]"
                + ".branches[0][0].branches[0][0]");

        List<WorkflowStep> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add(agent("s" + i, "x"));
        }
        assertThat(fields(many)).containsExactly("steps");
    }
}
