package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.baseline.RawSubmit;
import com.agentplatform.bench.measure.ClosedLoop;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import com.agentplatform.bench.report.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Scenario 1: POST → 202 after commit, at rising concurrency until p99 passes 50 ms, against the raw transaction. */
public final class SubmitScenario implements Scenario {

    static final double P99_LIMIT_MS = 50;
    /** Steps run even past the p99 limit, so a busy machine's noise at low concurrency does not end the curve. */
    private static final int MIN_CONCURRENCY = 8;
    private static final int TENANTS = 8;

    private record Step(int concurrency, LoadResult platform, LoadResult baseline) {

        boolean withinLimit() {
            return platform.latency().p99() < P99_LIMIT_MS;
        }
    }

    @Override
    public String key() {
        return "submit";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        context.services().fresh(null); // the gateway alone: no worker competing for the CPU
        var size = context.size();
        List<Step> steps = new ArrayList<>();
        try (RawSubmit raw = new RawSubmit(context.stack(), TENANTS)) {
            if (!size.submitWarmUp().isZero()) {
                step(context, raw, 8, size.submitWarmUp(), Long.MAX_VALUE);
            }
            for (int concurrency : size.submitConcurrency()) {
                Step step = step(context, raw, concurrency, size.submitStep(), size.submitMaxCalls());
                steps.add(step);
                System.out.printf("submit c=%d: platform %.0f/s %s | baseline %.0f/s %s%n", concurrency,
                        step.platform.throughput(), step.platform.latency(), step.baseline.throughput(), step.baseline.latency());
                if (!step.withinLimit() && concurrency >= MIN_CONCURRENCY) {
                    break;
                }
            }
        }
        context.services().fresh(null); // skip the wake-ups nobody consumed
        return result(context, steps);
    }

    private static Step step(RunContext context, RawSubmit raw, int concurrency, Duration length, long maxCalls) {
        PlatformApi api = context.api();
        List<Tenant> tenants = Stream.generate(() -> api.createTenant("submit", Limits.highest())).limit(TENANTS).toList();
        AtomicInteger next = new AtomicInteger();
        context.stack().reset(true);
        LoadResult platform = ClosedLoop.run(concurrency, length, maxCalls,
                () -> api.submit(tenants.get(Math.floorMod(next.getAndIncrement(), TENANTS))));
        context.stack().reset(true);
        LoadResult baseline = ClosedLoop.run(concurrency, length, maxCalls, raw::submit);
        return new Step(concurrency, platform, baseline);
    }

    private static ScenarioResult result(RunContext context, List<Step> steps) {
        Comparator<Step> byThroughput = Comparator.comparingDouble(step -> step.platform.throughput());
        boolean anyWithinLimit = steps.stream().anyMatch(Step::withinLimit);
        Step best = steps.stream().filter(step -> step.withinLimit() || !anyWithinLimit).max(byThroughput).orElseThrow();
        double bestPlatform = anyWithinLimit ? best.platform.throughput() : 0;
        double bestBaseline = steps.stream().filter(step -> step.baseline.latency().p99() < P99_LIMIT_MS)
                .mapToDouble(step -> step.baseline.throughput()).max().orElse(0);
        context.maxSubmitRate(best.platform.throughput()); // the queue scenario's load is half of it
        double throughputRatio = best.platform.throughput() / best.baseline.throughput();
        boolean baselineAllows3000 = bestBaseline >= 3000;
        List<Figure> figures = List.of(
                Figure.of("throughput at concurrency " + best.concurrency
                                + (anyWithinLimit ? " (best with p99 < 50 ms)" : " (best; no step kept p99 < 50 ms)"), "submits/s",
                        best.platform.throughput(), best.baseline.throughput(), "≥ 0.7× baseline", throughputRatio >= 0.7),
                Figure.of("p99 at concurrency " + best.concurrency, "ms", best.platform.latency().p99(),
                        best.baseline.latency().p99(), "< 50 ms", best.withinLimit()),
                Figure.of("highest throughput with p99 < 50 ms", "submits/s", bestPlatform, bestBaseline,
                        "≥ 3,000/s if the baseline allows it", baselineAllows3000 ? bestPlatform >= 3000 : null));
        List<List<String>> rows = steps.stream().map(step -> List.of(
                Integer.toString(step.concurrency),
                format(step.platform.throughput()), format(step.platform.latency().p50()), format(step.platform.latency().p99()),
                Long.toString(step.platform.failed()),
                format(step.baseline.throughput()), format(step.baseline.latency().p50()), format(step.baseline.latency().p99()),
                String.format(java.util.Locale.ROOT, "%.2f×", step.platform.throughput() / step.baseline.throughput()))).toList();
        List<String> notes = new ArrayList<>();
        if (!baselineAllows3000) {
            notes.add("The baseline itself stays under 3,000 submits/s with p99 < 50 ms here (best %.0f/s), so the absolute target does not apply on this machine."
                    .formatted(bestBaseline));
        }
        return new ScenarioResult("submit", "1. Submit throughput",
                "Closed loop of N callers posting `POST /v1/executions` (202 after commit) over %d tenants, gateway alone (no worker). "
                        .formatted(TENANTS)
                        + "Baseline: the same transaction (execution row, queued event, outbox row) through a plain JDBC pool of "
                        + "the gateway's size, then a Kafka send with the platform's producer settings, awaited after commit.",
                figures,
                new Table(List.of("concurrency", "platform /s", "p50 ms", "p99 ms", "errors", "baseline /s", "p50 ms", "p99 ms", "ratio"), rows),
                notes);
    }

    static String format(double value) {
        return com.agentplatform.bench.report.MarkdownReport.number(value);
    }
}
