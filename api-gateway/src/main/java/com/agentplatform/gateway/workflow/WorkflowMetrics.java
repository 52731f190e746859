package com.agentplatform.gateway.workflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Workflow runs by status (started, then how they ended), step durations by type and status, and the width of each
 * parallel fan-out. Every run series exists from start at zero, so a dashboard shows 0 rather than "No data".
 */
@Component
class WorkflowMetrics {

    private static final List<String> STATUSES = List.of("started", "succeeded", "failed", "cancelled");
    private static final List<String> STEP_TYPES = List.of("agent", "tool", "parallel", "condition");
    private static final List<String> STEP_ENDS = List.of("succeeded", "failed", "cancelled");

    private final MeterRegistry registry;
    private final Map<String, Counter> runs;
    private final DistributionSummary fanOut;
    private final Timer advanceLag;

    WorkflowMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.runs = STATUSES.stream().collect(Collectors.toMap(Function.identity(), status -> Counter
                .builder("platform.workflow.runs").tag("status", status)
                .description("workflow runs started, and ended by status").register(registry)));
        this.fanOut = DistributionSummary.builder("platform.workflow.fan_out")
                .description("branches of each parallel step a run opened")
                .serviceLevelObjectives(1, 2, 4, 8, 16)
                .register(registry);
        STEP_TYPES.forEach(type -> STEP_ENDS.forEach(status -> stepTimer(type, status)));
        this.advanceLag = Timer.builder("platform.workflow.advance.lag")
                .description("time from a child's end being written to an advancer taking it")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
    }

    void advanceLag(Duration lag) {
        advanceLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    void run(String status) {
        Counter counter = runs.get(status);
        if (counter != null) {
            counter.increment();
        }
    }

    void fanOut(int branches) {
        fanOut.record(branches);
    }

    /** {@code type} and {@code status} come from fixed sets (step types, step statuses): never client text. */
    void stepEnded(String type, String status, Duration took) {
        stepTimer(type, status).record(took.isNegative() ? Duration.ZERO : took);
    }

    private Timer stepTimer(String type, String status) {
        return Timer.builder("platform.workflow.step.duration").tag("type", type).tag("status", status)
                .description("time from a workflow step starting to its end")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5))
                .register(registry);
    }
}
