package com.agentplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.agentplatform.bench.platform.ExecutionTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightCurveTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LATENCY = Duration.ofSeconds(10);

    /**
     * A worker bounded at {@code bound} runs, claiming 20 a second whenever a slot is free, each run lasting exactly
     * the latency: the first wave is claimed in a 5 s burst and every later wave refills the slots the previous one
     * frees, in the same burst one latency later.
     */
    private static List<ExecutionTimes> waves(int bound, int executions) {
        List<ExecutionTimes> times = new ArrayList<>();
        for (int i = 0; i < executions; i++) {
            Instant started = T0.plus(LATENCY.multipliedBy(i / bound)).plusMillis((i % bound) * 50L);
            times.add(new ExecutionTimes("e" + i, "succeeded", started, started, started.plus(LATENCY)));
        }
        return times;
    }

    @Test
    void aWorkerHeldAtItsBoundCompletesBoundOverLatencyEvenWhenItsRunsComeInBursts() {
        InFlightCurve curve = InFlightCurve.of(waves(100, 300));

        InFlightCurve.Stretch plateau = curve.plateau(0.9, LATENCY);

        assertThat(curve.peak()).isEqualTo(100);
        assertThat(plateau.wholePeriods()).isTrue();
        assertThat(plateau.window()).isEqualTo(LATENCY);
        assertThat(plateau.completionRate()).isCloseTo(100 / 10.0, within(0.01));
        assertThat(plateau.averageLevel()).isCloseTo(100, within(0.5));
    }

    @Test
    void aRunTooShortToHoldItsPeakForTwoLatenciesGivesTheWholeRunsRate() {
        InFlightCurve.Stretch plateau = InFlightCurve.of(waves(100, 100)).plateau(0.9, LATENCY);

        assertThat(plateau.wholePeriods()).isFalse();
        assertThat(plateau.completions()).isEqualTo(100);
        assertThat(plateau.window()).isEqualTo(Duration.ofMillis(14_950)); // first start to last finish
    }

    @Test
    void noFinishedExecutionMeansNoRate() {
        InFlightCurve.Stretch plateau = InFlightCurve.of(List.of(new ExecutionTimes("e", "queued", T0, null, null)))
                .plateau(0.9, LATENCY);

        assertThat(plateau.completionRate()).isZero();
    }
}
