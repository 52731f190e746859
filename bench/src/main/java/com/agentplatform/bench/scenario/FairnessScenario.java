package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.baseline.FifoPool;
import com.agentplatform.bench.measure.ClosedLoop;
import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.measure.OpenLoop;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Utils;

/**
 * Scenario 5: a noisy tenant floods executions (its concurrency limit at the default) while a quiet tenant submits
 * one every 100 ms. Baseline: the quiet tenant alone. Also replays the same work through a plain FIFO pool.
 */
public final class FairnessScenario implements Scenario {

    private static final Duration QUIET_INTERVAL = Duration.ofMillis(100);
    /** The target: B's p99 beside A's flood at most this times B's p99 alone, plus the slack below. */
    private static final double TARGET_FACTOR = 1.1;
    private static final double TARGET_SLACK_MS = 10;

    private record Run(String placement, Latency quiet, Latency fifo, int fifoSize, double noisyRate) {
    }

    @Override
    public String key() {
        return "fairness";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var size = context.size().fairness();
        context.services().fresh(context.size().worker());
        Tenant alone = context.api().createTenant("quiet-alone", Limits.highest());
        quietLoad(context, alone, size.quiet());
        Executions.awaitEnded(context.api(), List.of(alone), size.quiet(), Duration.ofSeconds(120));
        Latency baseline = Executions.queueWaits(Executions.of(context.api(), List.of(alone)));
        System.out.println("fairness: quiet tenant alone " + baseline);

        List<Run> runs = new ArrayList<>();
        runs.add(flood(context, false));
        if (size.sharedPartitionToo()) {
            runs.add(flood(context, true));
        }
        List<Figure> figures = new ArrayList<>();
        for (Run run : runs) {
            figures.add(Figure.of("quiet tenant's queue wait p99, " + run.placement, "ms", run.quiet.p99(), baseline.p99(),
                    "≤ 1.1× baseline + 10 ms", run.quiet.p99() <= TARGET_FACTOR * baseline.p99() + TARGET_SLACK_MS));
            figures.add(Figure.of("quiet tenant's queue wait p50, " + run.placement, "ms", run.quiet.p50(), baseline.p50(), "", null));
            figures.add(Figure.of("plain FIFO pool of %d: quiet p99, %s".formatted(run.fifoSize, run.placement), "ms",
                    run.fifo.p99(), baseline.p99(), "", null));
            figures.add(Figure.info("noisy tenant's completion rate, " + run.placement, "executions/s", run.noisyRate));
        }
        return new ScenarioResult("fairness", "5. Tenant fairness",
                ("Noisy tenant A submits %,d executions as fast as 8 callers can (default concurrency limit, raised rate and queue "
                        + "limits) while quiet tenant B submits one every %d ms until A's backlog is gone; zero-latency model. "
                        + "Partitions are chosen by tenant id: B on a partition of its own, and (when run) on A's partition. "
                        + "Baseline: B alone. The FIFO figure replays the same arrivals and run times through a plain FIFO pool "
                        + "as large as A's concurrency limit.").formatted(size.flood(), QUIET_INTERVAL.toMillis()),
                figures, null, List.of());
    }

    private static Run flood(RunContext context, boolean samePartition) {
        Tenant noisy = context.api().createTenant("noisy", Limits.defaultConcurrency());
        int partition = partitionOf(context, noisy);
        Tenant quiet;
        do {
            quiet = context.api().createTenant("quiet", Limits.highest());
        } while ((partitionOf(context, quiet) == partition) != samePartition);
        int flood = context.size().fairness().flood();
        CompletableFuture<LoadResult> flooding = CompletableFuture.supplyAsync(
                () -> ClosedLoop.run(8, Duration.ofMinutes(10), flood, () -> context.api().submit(noisy)));
        // B keeps submitting while A has work waiting: first while A floods, then until A's queue is empty.
        long quietSubmits = 0;
        while (!flooding.isDone() || context.api().usage(noisy).queued() > 0) {
            quietSubmits += quietLoad(context, quiet, 10).attempted();
        }
        LoadResult noisySubmits = flooding.join();
        Executions.awaitEnded(context.api(), List.of(noisy, quiet), noisySubmits.succeeded() + quietSubmits, Duration.ofMinutes(5));
        List<ExecutionTimes> noisyTimes = Executions.of(context.api(), List.of(noisy));
        List<ExecutionTimes> quietTimes = Executions.of(context.api(), List.of(quiet));
        Latency quietWaits = Executions.queueWaits(quietTimes);
        int fifoSize = 10; // the gateway's default max_concurrent_executions, which A keeps
        Latency fifo = fifo(noisyTimes, quietTimes, fifoSize);
        String placement = samePartition ? "B on A's partition" : "B on its own partition";
        System.out.printf("fairness (%s): quiet %s | FIFO %s%n", placement, quietWaits, fifo);
        return new Run(placement, quietWaits, fifo, fifoSize, completionRate(noisyTimes));
    }

    private static LoadResult quietLoad(RunContext context, Tenant quiet, long count) {
        return OpenLoop.run(1000.0 / QUIET_INTERVAL.toMillis(), count, 100, () -> context.api().submit(quiet));
    }

    private static Latency fifo(List<ExecutionTimes> noisy, List<ExecutionTimes> quiet, int size) {
        List<FifoPool.Job> jobs = new ArrayList<>();
        noisy.stream().filter(t -> t.finishedAt() != null).forEach(t -> jobs.add(new FifoPool.Job(t.createdAt(), t.runTime(), false)));
        quiet.stream().filter(t -> t.finishedAt() != null).forEach(t -> jobs.add(new FifoPool.Job(t.createdAt(), t.runTime(), true)));
        Histogram waits = Latency.newHistogram();
        for (long wait : FifoPool.taggedWaits(jobs, size)) {
            Latency.record(waits, wait);
        }
        return Latency.of(waits);
    }

    private static double completionRate(List<ExecutionTimes> times) {
        var first = times.stream().map(ExecutionTimes::createdAt).min(Comparator.naturalOrder());
        var last = times.stream().map(ExecutionTimes::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
        if (first.isEmpty() || last.isEmpty()) {
            return 0;
        }
        return times.size() / Math.max(0.001, Duration.between(first.get(), last.get()).toNanos() / 1e9);
    }

    /** Where the gateway's producer puts this tenant's wake-ups: Kafka's default partitioner on the tenant id key. */
    private static int partitionOf(RunContext context, Tenant tenant) {
        return Utils.toPositive(Utils.murmur2(tenant.id().getBytes(StandardCharsets.UTF_8))) % context.stack().partitions();
    }
}
