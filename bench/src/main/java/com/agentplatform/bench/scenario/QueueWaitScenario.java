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

/** Scenario 2: accepted → running at half the highest submit rate, against raw Kafka produce → consume. */
public final class QueueWaitScenario implements Scenario {

    private static final int TENANTS = 8;

    @Override
    public String key() {
        return "queue";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var size = context.size();
        boolean fromSubmit = !Double.isNaN(context.maxSubmitRate());
        double rate = fromSubmit ? context.maxSubmitRate() / 2 : size.queueRate();
        long calls = Math.max(10, (long) (rate * size.queueDuration().toMillis() / 1000));
        context.services().fresh(size.worker());
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("queue", Limits.highest())).limit(TENANTS).toList();

        Latency baseline = RawKafka.produceToConsume(context.stack(), rate, calls, tenants.stream().map(Tenant::id).toList());
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        LoadResult submits = OpenLoop.run(rate, calls, 10_000, () -> context.api().submit(next.get()));
        Executions.awaitEnded(context.api(), tenants, submits.succeeded(), Duration.ofSeconds(120 + calls / 50));
        List<ExecutionTimes> executions = Executions.of(context.api(), tenants);
        Latency platform = Executions.queueWaits(executions);
        System.out.printf("queue at %.0f/s: platform %s | baseline %s%n", rate, platform, baseline);

        List<String> notes = new ArrayList<>();
        if (!fromSubmit) {
            notes.add("Run without the submit scenario, so at a fixed %.0f/s rather than half the highest submit rate.".formatted(rate));
        }
        if (submits.failed() > 0) {
            notes.add(submits.failed() + " submits were not accepted.");
        }
        return new ScenarioResult("queue", "2. Queue wait",
                "Open loop at %.0f submits/s (%s) for %d submits over %d tenants, zero-latency model; queue wait is `started_at − created_at` of each execution. "
                        .formatted(rate, fromSubmit ? "half the highest submit rate" : "fixed", calls, TENANTS)
                        + "Baseline: raw Kafka produce → consume latency of keyed records at the same rate, same producer settings.",
                List.of(
                        Figure.of("queue wait p50", "ms", platform.p50(), baseline.p50(), "≤ baseline + 5 ms",
                                platform.p50() <= baseline.p50() + 5),
                        Figure.of("queue wait p99", "ms", platform.p99(), baseline.p99(), "≤ 3× baseline",
                                platform.p99() <= 3 * baseline.p99()),
                        Figure.of("queue wait max", "ms", platform.max(), baseline.max(), "", null),
                        Figure.of("executions measured", "count", platform.count(), baseline.count(), "", null),
                        Figure.info("submit latency p99 (from the intended send time)", "ms", submits.latency().p99())),
                null, notes);
    }
}
