package com.agentplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every scenario at a tiny size, so the harness keeps working. It checks that figures were produced and make sense,
 * never how good they are: this machine's load says nothing about the platform's speed.
 */
@Timeout(300)
class BenchmarkSmokeTest {

    @Test
    void everyScenarioProducesATableWithItsBaselineAndRatio() throws Exception {
        Path report = Path.of("target", "bench-smoke.md");
        Set<String> scenarios = Benchmarks.all().stream().map(Scenario::key).collect(Collectors.toSet());

        List<ScenarioResult> results = Benchmarks.run(new Benchmarks.Options(scenarios, BenchSize.smoke(), report, false));

        assertThat(results).extracting(ScenarioResult::key).containsExactlyInAnyOrderElementsOf(scenarios);
        for (ScenarioResult result : results) {
            assertThat(result.figures()).as("figures of %s: %s", result.key(), result.setup()).isNotEmpty();
            assertThat(result.figures()).as("figures of %s", result.key())
                    .allSatisfy(figure -> assertThat(figure.platform()).as(figure.measure()).isFinite());
            Figure headline = result.figures().getFirst();
            assertThat(headline.platform()).as("%s: %s", result.key(), headline.measure()).isPositive();
            if (headline.hasBaseline()) {
                assertThat(headline.baseline()).as("%s baseline: %s", result.key(), headline.measure()).isPositive();
                assertThat(headline.ratio()).as("%s ratio: %s", result.key(), headline.measure()).isFinite().isPositive();
            }
        }
        assertThat(Files.readString(report)).contains("1. Submit throughput", "2. Queue wait", "3. I/O-bound concurrency",
                "4. SSE fan-out", "5. Tenant fairness", "6. Cost per execution", "7. Steady load", "8. No-op drain",
                "9. Workflow fan-out overhead",
                "| measure | platform | baseline | ratio |");
    }
}
