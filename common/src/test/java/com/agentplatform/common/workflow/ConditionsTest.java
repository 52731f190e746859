package com.agentplatform.common.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.workflow.Conditions.StepOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    @Test
    void readsTheInputAndEarlierStepsIncludingTheirJsonOutput() {
        Map<String, StepOutcome> steps = Map.of("classify", new StepOutcome("succeeded", "{\"kind\": \"bug\", \"score\": 3}"));
        assertThat(Conditions.evaluate("steps.classify.output.kind == 'bug' && steps.classify.output.score > 2", "x", steps))
                .isTrue();
        assertThat(Conditions.evaluate("input.contains('refund')", "I want a refund", Map.of())).isTrue();
        assertThat(Conditions.evaluate("steps.classify.status == 'failed'", "x", steps)).isFalse();
    }

    @Test
    void refusesExpressionsThatReachOutsideTheSandbox() {
        assertThat(Conditions.problem("java.lang.Runtime.getRuntime().exec('rm -rf /') == null")).isNotNull();
        assertThat(Conditions.problem("System.exit(1) == 0")).isNotNull();
        assertThat(Conditions.problem("T(java.lang.System).getenv('HOME') != ''")).isNotNull();
        assertThat(Conditions.problem("readFile('/etc/passwd') != ''")).isNotNull();
        assertThat(Conditions.problem("env.HOME != ''")).isNotNull();
        assertThat(Conditions.problem("input.getClass().getName() != ''")).isNotNull();
    }

    @Test
    void refusesExpressionsThatAreNotBooleans() {
        assertThat(Conditions.problem("input")).contains("not a valid condition");
        assertThat(Conditions.problem("input == 'x'")).isNull();
    }
}
