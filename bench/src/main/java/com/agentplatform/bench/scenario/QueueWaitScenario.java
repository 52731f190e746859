package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.baseline.RawKafka;
import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.measure.OpenLoop;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scenario 2: accepted → running at half the best sustained rate, against absolute targets; raw Kafka produce →
 * consume at the same rate is the baseline that says what the broker alone takes on this machine.
 */
public final class QueueWaitScenario implements Scenario {

    private static final double P50_TARGET_MS = 10;
    private static final double P99_TARGET_MS = 50;
    private static final int TENANTS = 8;

    @Override
    public String key() {
        return "queue";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var size = context.size().queue();
        double sustained = context.sustainedRate();
        boolean measured = sustained > 0; // false for NaN too
        double rate = measured ? Math.max(1, sustained / 2) : size.rate();
        long calls = Math.max(10, (long) (rate * size.duration().toMillis() / 1000));
        context.services().fresh(context.size().worker());
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("queue", Limits.highest())).limit(TENANTS).toList();

        Latency baseline = RawKafka.produceToConsume(context.stack(), rate, calls, tenants.stream().map(Tenant::id).toList());
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        LoadResult submits = OpenLoop.run(rate, calls, OpenLoop.MAX_HTTP_OUTSTANDING, () -> context.api().submit(next.get()));
        Executions.awaitEnded(context.api(), tenants, submits.succeeded(), Duration.ofSeconds(120 + calls / 50));
        List<ExecutionTimes> executions = Executions.of(context.api(), tenants);
        Latency platform = Executions.queueWaits(executions);
        System.out.printf("queue at %.0f/s: platform %s | baseline %s%n", rate, platform, baseline);

        List<String> notes = new ArrayList<>();
        if (!measured) {
            notes.add(("No sustained rate was measured before (the submit and steady-load scenarios did not run, or reached "
                    + "none), so at a fixed %.0f/s rather than half the best sustained rate.").formatted(rate));
        }
        if (submits.failed() > 0) {
            notes.add(submits.failed() + " submits were not accepted.");
        }
        return new ScenarioResult("queue", "2. Queue wait",
                ("Open loop at %.0f submits/s (%s) for %d submits over %d tenants, zero-latency model; queue wait is "
                        + "`started_at − created_at` of each execution. The best sustained rate is the lower of the submit "
                        + "scenario's best rate with p99 < 50 ms and the steady-load scenario's end-to-end rate. "
                        + "Baseline: raw Kafka produce → consume latency of keyed records at the same rate, same producer settings.")
                        .formatted(rate, measured ? "half the best sustained rate, %.0f/s".formatted(sustained) : "fixed", calls, TENANTS),
                List.of(
                        Figure.of("queue wait p50", "ms", platform.p50(), baseline.p50(), "≤ 10 ms", platform.p50() <= P50_TARGET_MS),
                        Figure.of("queue wait p99", "ms", platform.p99(), baseline.p99(), "≤ 50 ms", platform.p99() <= P99_TARGET_MS),
                        Figure.of("queue wait max", "ms", platform.max(), baseline.max(), "", null),
                        Figure.of("executions measured", "count", platform.count(), baseline.count(), "", null),
                        Figure.info("submit latency p99 (from the intended send time)", "ms", submits.latency().p99())),
                null, notes);
    }
}
