package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.measure.ClosedLoop;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.PlatformApi;
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
 * Scenario 8: how fast one worker drains a backlog of the cheapest executions the platform accepts, set beside the
 * throughput JobRunr publishes for PostgreSQL. That comparison is by name and figure only: nothing of JobRunr runs
 * here, and its figure comes from other hardware.
 */
public final class NoOpDrainScenario implements Scenario {

    /** JobRunr Pro 8.1.0 processing 500,000 "hello-world" jobs on PostgreSQL 18.0, as published (see {@link #SOURCE}). */
    static final double JOBRUNR_JOBS_PER_SECOND = 2732.24;
    static final String SOURCE = "https://www.jobrunr.io/en/blog/quartz-vs-jobrunr";
    private static final int TENANTS = 8;

    @Override
    public String key() {
        return "drain";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        int executions = context.size().drain().executions();
        boolean queueFirst = context.size().queueFirst();
        context.services().fresh(queueFirst ? null : context.size().worker());
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("drain", Limits.highest())).limit(TENANTS).toList();
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        LoadResult queued = ClosedLoop.run(16, Duration.ofMinutes(10), executions, () -> context.api().submit(next.get(), PlatformApi.NO_OP));

        context.services().worker(context.size().worker()); // starts it when the executions were queued first
        CpuUse before = CpuUse.now(context);
        Executions.awaitEnded(context.api(), tenants, queued.succeeded(), Duration.ofSeconds(120 + executions / 50));
        CpuUse cpu = CpuUse.now(context).minus(before);
        List<ExecutionTimes> times = Executions.of(context.api(), tenants);
        long succeeded = times.stream().filter(ExecutionTimes::succeeded).count();
        double rate = drainRate(times, succeeded);
        int steps = context.api().stepsOfASucceededExecution(tenants.getFirst());
        System.out.printf("drain: %d of %d succeeded at %.0f/s, %d step each; worker %.2f CPU ms each%n",
                succeeded, queued.succeeded(), rate, steps, cpu.worker() / (double) Math.max(1, succeeded));
        return result(context, queued.succeeded(), succeeded, rate, steps, cpu);
    }

    private static ScenarioResult result(RunContext context, long queued, long succeeded, double rate, int steps, CpuUse cpu) {
        boolean queueFirst = context.size().queueFirst();
        double per = Math.max(1, succeeded);
        List<String> notes = new ArrayList<>();
        notes.add(("JobRunr's figure is JobRunr Pro 8.1.0 processing 500,000 \"hello-world\" jobs on PostgreSQL 18.0 on a "
                + "dedicated Hetzner EX44, as published at %s. It is set here by name and figure only: nothing of JobRunr runs "
                + "in this benchmark, and its machine is not this one, so the ratio compares two machines as much as two "
                + "designs. A JobRunr job is one method call; an execution here also keeps its event log (queued, running, "
                + "step, succeeded) and its step.").formatted(SOURCE));
        if (succeeded < queued) {
            notes.add("%d of %d executions did not succeed.".formatted(queued - succeeded, queued));
        }
        if (!queueFirst) {
            notes.add("Submitted to a running worker (smoke size), so this is not a drain of a standing backlog.");
        }
        return new ScenarioResult("drain", "8. No-op drain",
                ("%,d empty executions (offline model, no tool, `max_steps` 1: the platform accepts no agent without a step, so "
                        + "one model answer is the least an execution does) queued over %d tenants %s one worker drains them. "
                        + "Rate: succeeded executions ÷ (last `finished_at` − first `started_at`). The baseline column is "
                        + "JobRunr's published throughput for PostgreSQL, not a measurement of this run.")
                        .formatted(queued, TENANTS, queueFirst ? "with the worker stopped, then" : "while"),
                List.of(
                        Figure.of("drain rate, one worker (baseline: JobRunr Pro, published)", "executions/s", rate,
                                JOBRUNR_JOBS_PER_SECOND, "", null),
                        Figure.info("executions drained", "count", succeeded),
                        Figure.info("steps per execution (one sampled)", "steps", steps),
                        Figure.info("worker CPU per execution", "ms", cpu.worker() / per),
                        Figure.info("PostgreSQL CPU per execution", "ms", cpu.postgres() / per),
                        Figure.info("Kafka broker CPU per execution", "ms", cpu.broker() / per)),
                null, notes);
    }

    private static double drainRate(List<ExecutionTimes> times, long succeeded) {
        Instant first = times.stream().map(ExecutionTimes::startedAt).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        Instant last = times.stream().map(ExecutionTimes::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        if (first == null || last == null || !last.isAfter(first)) {
            return 0;
        }
        return succeeded / (Duration.between(first, last).toNanos() / 1e9);
    }
}
