package com.agentplatform.bench.scenario;

import com.agentplatform.bench.BenchSize;
import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.baseline.RawSubmit;
import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.measure.OpenLoop;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scenario 7: a fixed rate of executions, open loop, for a minute, with the worker running: does every one succeed,
 * and how long do submits and queue waits get? Baseline: the naive submit (one transaction per submit) at the same
 * rate.
 */
public final class SteadyLoadScenario implements Scenario {

    private static final double SUBMIT_P99_TARGET_MS = 100;
    /** The end-to-end rate counts as reached within this share of the asked one (the load generator slips a little). */
    private static final double RATE_TOLERANCE = 0.95;
    private static final int TENANTS = 8;

    @Override
    public String key() {
        return "steady";
    }

    /** What the load did: the platform's submits and executions, and the baseline's submits. */
    private record Outcome(long calls, LoadResult submits, LoadResult baseline, long completed, double endToEnd,
            Latency waits, CpuUse cpu) {

        long failures() {
            return calls - completed;
        }
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var size = context.size().steady();
        context.services().fresh(context.size().worker());
        LoadResult baseline = baseline(context, size.rate(), size.baselineDuration());

        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("steady", Limits.highest())).limit(TENANTS).toList();
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        long calls = (long) (size.rate() * size.duration().toMillis() / 1000);
        CpuUse before = CpuUse.now(context);
        LoadResult submits = OpenLoop.run(size.rate(), calls, OpenLoop.MAX_HTTP_OUTSTANDING, () -> context.api().submit(next.get()));
        Executions.awaitEnded(context.api(), tenants, submits.succeeded(), Duration.ofSeconds(120 + calls / 50));
        CpuUse cpu = CpuUse.now(context).minus(before);

        List<ExecutionTimes> executions = Executions.of(context.api(), tenants);
        long completed = executions.stream().filter(ExecutionTimes::succeeded).count();
        Outcome outcome = new Outcome(calls, submits, baseline, completed, endToEndRate(executions, completed),
                Executions.queueWaits(executions), cpu);
        context.steadyRate(outcome.endToEnd());
        System.out.printf("steady at %.0f/s: %d of %d succeeded, end to end %.0f/s, submit %s | baseline %s, queue wait %s%n",
                size.rate(), completed, calls, outcome.endToEnd(), submits.latency(), baseline.latency(), outcome.waits());
        return result(size, outcome);
    }

    private static ScenarioResult result(BenchSize.Steady size, Outcome outcome) {
        LoadResult submits = outcome.submits();
        List<String> notes = new ArrayList<>();
        if (outcome.failures() > 0) {
            notes.add("%d of %d executions did not succeed: %d submits were not accepted, %d accepted ones did not end `succeeded`."
                    .formatted(outcome.failures(), outcome.calls(), submits.failed(), submits.succeeded() - outcome.completed()));
        }
        return new ScenarioResult("steady", "7. Steady load",
                ("Open loop at %,.0f executions/s for %d s over %d tenants, zero-latency model, worker running. The end-to-end "
                        + "rate is succeeded executions ÷ (last `finished_at` − first `created_at`). Baseline: the naive submit "
                        + "(the gateway's transaction, one per submit, through a plain JDBC pool, then an awaited Kafka send) "
                        + "at the same rate for %d s.")
                        .formatted(size.rate(), size.duration().toSeconds(), TENANTS, size.baselineDuration().toSeconds()),
                List.of(
                        Figure.of("end-to-end rate", "executions/s", outcome.endToEnd(), size.rate(), "%,.0f/s".formatted(size.rate()),
                                outcome.endToEnd() >= RATE_TOLERANCE * size.rate()),
                        Figure.of("executions succeeded", "count", outcome.completed(), outcome.calls(), "every one",
                                outcome.completed() == outcome.calls()),
                        Figure.of("failures (not accepted, or not succeeded)", "count", outcome.failures(), Double.NaN, "0",
                                outcome.failures() == 0),
                        Figure.info("accepted submit rate", "submits/s", submits.throughput()),
                        Figure.of("submit latency p99 (from the intended send time)", "ms", submits.latency().p99(),
                                outcome.baseline().latency().p99(), "< 100 ms", submits.latency().p99() < SUBMIT_P99_TARGET_MS),
                        Figure.of("submit latency p50", "ms", submits.latency().p50(), outcome.baseline().latency().p50(), "", null),
                        Figure.info("queue wait p50", "ms", outcome.waits().p50()),
                        Figure.info("queue wait p99", "ms", outcome.waits().p99()),
                        Figure.info("platform CPU per execution (gateway + worker + PostgreSQL + Redis + broker)", "ms",
                                outcome.cpu().platform() / (double) Math.max(1, outcome.completed()))),
                null, notes);
    }

    /**
     * The naive submit at the same rate. Its rows are never woken (their wake-ups go to a topic of their own) and are
     * gone before the stale-queue sweeper would look at them: the reset removes them right after.
     */
    private static LoadResult baseline(RunContext context, double rate, Duration duration) {
        long calls = Math.max(1, (long) (rate * duration.toMillis() / 1000));
        LoadResult result;
        try (RawSubmit raw = new RawSubmit(context.stack(), TENANTS)) {
            result = OpenLoop.run(rate, calls, 20_000, raw::submit);
        }
        context.stack().reset(false);
        return result;
    }

    private static double endToEndRate(List<ExecutionTimes> executions, long completed) {
        Instant first = executions.stream().map(ExecutionTimes::createdAt).min(Comparator.naturalOrder()).orElse(null);
        Instant last = executions.stream().map(ExecutionTimes::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        if (first == null || last == null || !last.isAfter(first)) {
            return 0;
        }
        return completed / (Duration.between(first, last).toNanos() / 1e9);
    }
}
