package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.measure.ClosedLoop;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.ServiceProcess;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.platform.WorkerSpec;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scenario 3: a model that answers after a fixed time with no CPU, and as many executions in flight on one worker as
 * it will take. The executions are queued first with the worker stopped, then the worker starts and ramps up; the
 * baseline is Little's law, in-flight ÷ model latency.
 */
public final class IoBoundScenario implements Scenario {

    private static final int TENANTS = 24;
    private static final double NEAR_PEAK = 0.9;
    private static final long HEAP_TARGET = 1536L << 20;

    @Override
    public String key() {
        return "io";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        WorkerSpec spec = context.size().ioWorker();
        int executions = context.size().ioExecutions();
        boolean queueFirst = context.size().ioQueueFirst();
        context.services().fresh(queueFirst ? null : spec);
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("io", Limits.highest())).limit(TENANTS).toList();
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        LoadResult queued = ClosedLoop.run(16, Duration.ofMinutes(10), executions, () -> context.api().submit(next.get()));

        ServiceProcess worker = context.services().worker(spec); // starts it when the executions were queued first
        InFlightCurve curve;
        List<ExecutionTimes> times;
        long peakRss;
        long peakHeap;
        try (ProcessSampler sampler = new ProcessSampler(worker, Duration.ofMillis(500))) {
            Executions.awaitEnded(context.api(), tenants, queued.succeeded(), Duration.ofSeconds(120 + executions / 20));
            peakRss = sampler.peakRssBytes();
            peakHeap = sampler.peakHeapBytes();
        }
        times = Executions.of(context.api(), tenants);
        curve = InFlightCurve.of(times, NEAR_PEAK);
        double latency = spec.latency().toNanos() / 1e9;
        double ideal = curve.averageLevel() / latency;
        var runTime = Executions.distribution(times, ExecutionTimes::runTime);
        long succeeded = times.stream().filter(ExecutionTimes::succeeded).count();
        System.out.printf("io: peak %d in flight, %.0f/s vs ideal %.0f/s, run time %s, heap peak %d MB%n",
                curve.peak(), curve.completionRate(), ideal, runTime, peakHeap >> 20);

        List<String> notes = new ArrayList<>();
        if (curve.peak() < executions) {
            notes.add(("Peak in flight was %d of the %d queued: the worker claims one execution per transaction, so it holds at most "
                    + "claim rate × latency at once (the first ones end before the last are claimed).").formatted(curve.peak(), executions));
        }
        if (succeeded < times.size()) {
            notes.add((times.size() - succeeded) + " executions did not succeed.");
        }
        return new ScenarioResult("io", "3. I/O-bound concurrency",
                ("%d executions queued over %d tenants " + (queueFirst ? "with the worker stopped, then " : "while ")
                        + "one worker (max-in-flight %d, heap %s) runs them on a model that answers after %d ms without CPU. "
                        + "Rates are taken while in-flight stayed ≥ %.0f%% of its peak. Baseline: Little's law, in-flight ÷ latency.")
                        .formatted(executions, TENANTS, spec.maxInFlight(), spec.heap(), spec.latency().toMillis(), NEAR_PEAK * 100),
                List.of(
                        Figure.of("completion rate near peak (avg %.0f in flight)".formatted(curve.averageLevel()), "executions/s",
                                curve.completionRate(), ideal, "≥ 0.9× ideal", curve.completionRate() >= 0.9 * ideal),
                        Figure.of("peak in flight", "executions", curve.peak(), executions, "%,d on one worker".formatted(executions),
                                curve.peak() >= executions),
                        Figure.of("run time p50 (model latency is the baseline)", "ms", runTime.p50(), spec.latency().toMillis(), "", null),
                        Figure.of("run time p99", "ms", runTime.p99(), spec.latency().toMillis(), "", null),
                        Figure.of("worker heap used, peak", "MB", peakHeap / 1048576.0, Double.NaN, "≤ 1,536 MB", peakHeap <= HEAP_TARGET),
                        Figure.info("worker RSS, peak", "MB", peakRss / 1048576.0)),
                null, notes);
    }
}
