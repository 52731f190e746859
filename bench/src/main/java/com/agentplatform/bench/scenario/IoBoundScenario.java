package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.measure.ClosedLoop;
import com.agentplatform.bench.measure.Latency;
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
 * its bound allows. More executions are queued than the bound, so the worker stays at it; the baseline is Little's
 * law, bound ÷ model latency. Two passes: the target's model, and a faster one as a stretch.
 */
public final class IoBoundScenario implements Scenario {

    private static final int TENANTS = 24;
    private static final double NEAR_PEAK = 0.9;
    private static final double TARGET_RATIO = 0.9;
    private static final long HEAP_TARGET = 1L << 30;

    private record Pass(String label, WorkerSpec spec, long queued, long succeeded, int peak, InFlightCurve.Stretch plateau,
            Latency runTime, long peakHeap, long peakRss) {

        /** Little's law at the worker's bound: what it completes when every slot holds one run of the model's latency. */
        double ideal() {
            return spec.maxInFlight() / (spec.latency().toNanos() / 1e9);
        }
    }

    @Override
    public String key() {
        return "io";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var io = context.size().io();
        List<Pass> passes = List.of(pass(context, "", io.worker()), pass(context, "stretch", io.stretchWorker()));
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Pass pass : passes) {
            figures.addAll(figures(pass));
            notes.addAll(notes(pass));
        }
        WorkerSpec main = io.worker();
        return new ScenarioResult("io", "3. I/O-bound concurrency",
                ("%,d executions a pass queued over %d tenants %s one worker (max-in-flight %,d, heap %s) runs them on a model "
                        + "that answers after %d ms (stretch: %d ms) without CPU. More executions than max-in-flight keep the "
                        + "worker at its bound. The completion rate is taken over whole model latencies while in flight stays "
                        + "≥ %.0f%% of its peak, from one latency after it first got there (nothing claimed later can have "
                        + "finished before). Baseline: Little's law, max-in-flight ÷ latency.")
                        .formatted(io.executions(), TENANTS, context.size().queueFirst() ? "with the worker stopped, then" : "while",
                                main.maxInFlight(), main.heap(), main.latency().toMillis(), io.stretchWorker().latency().toMillis(),
                                NEAR_PEAK * 100),
                figures, null, notes);
    }

    private static Pass pass(RunContext context, String label, WorkerSpec spec) {
        boolean queueFirst = context.size().queueFirst();
        int executions = context.size().io().executions();
        context.services().fresh(queueFirst ? null : spec);
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("io", Limits.highest())).limit(TENANTS).toList();
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        LoadResult queued = ClosedLoop.run(16, Duration.ofMinutes(10), executions, () -> context.api().submit(next.get()));

        ServiceProcess worker = context.services().worker(spec); // starts it when the executions were queued first
        long peakRss;
        long peakHeap;
        try (ProcessSampler sampler = new ProcessSampler(worker, Duration.ofMillis(500))) {
            Executions.awaitEnded(context.api(), tenants, queued.succeeded(), Duration.ofSeconds(120 + executions / 20));
            peakRss = sampler.peakRssBytes();
            peakHeap = sampler.peakHeapBytes();
        }
        List<ExecutionTimes> times = Executions.of(context.api(), tenants);
        InFlightCurve curve = InFlightCurve.of(times);
        Pass pass = new Pass(label, spec, queued.succeeded(), times.stream().filter(ExecutionTimes::succeeded).count(), curve.peak(),
                curve.plateau(NEAR_PEAK, spec.latency()), Executions.distribution(times, ExecutionTimes::runTime), peakHeap, peakRss);
        System.out.printf("io %d ms: peak %d in flight, %.0f/s vs Little's law %.0f/s, run time %s, heap peak %d MB%n",
                spec.latency().toMillis(), pass.peak, pass.plateau.completionRate(), pass.ideal(), pass.runTime, peakHeap >> 20);
        return pass;
    }

    private static List<Figure> figures(Pass pass) {
        String model = "%s model%s".formatted(seconds(pass.spec.latency()), pass.label.isEmpty() ? "" : ", " + pass.label);
        InFlightCurve.Stretch plateau = pass.plateau;
        return List.of(
                Figure.of("completion rate at the plateau (avg %,.0f in flight), %s".formatted(plateau.averageLevel(), model),
                        "executions/s", plateau.completionRate(), pass.ideal(), "≥ 0.9× Little's law",
                        plateau.completionRate() >= TARGET_RATIO * pass.ideal()),
                Figure.of("peak in flight, " + model, "executions", pass.peak, pass.spec.maxInFlight(),
                        "%,d on one worker".formatted(pass.spec.maxInFlight()), pass.peak >= pass.spec.maxInFlight()),
                Figure.of("run time p50, %s (model latency is the baseline)".formatted(model), "ms", pass.runTime.p50(),
                        pass.spec.latency().toMillis(), "", null),
                Figure.of("run time p99, " + model, "ms", pass.runTime.p99(), pass.spec.latency().toMillis(), "", null),
                Figure.of("worker heap used, peak, " + model, "MB", pass.peakHeap / 1048576.0, Double.NaN, "≤ 1,024 MB",
                        pass.peakHeap <= HEAP_TARGET),
                Figure.info("worker RSS, peak, " + model, "MB", pass.peakRss / 1048576.0));
    }

    private static List<String> notes(Pass pass) {
        List<String> notes = new ArrayList<>();
        String model = seconds(pass.spec.latency()) + " model";
        if (!pass.plateau.wholePeriods()) {
            notes.add(("%s: in flight stayed near its peak for less than two model latencies, so the rate is the whole run's "
                    + "(first start to last finish).").formatted(model));
        }
        if (pass.succeeded < pass.queued) {
            notes.add("%s: %d of %d executions did not succeed.".formatted(model, pass.queued - pass.succeeded, pass.queued));
        }
        return notes;
    }

    private static String seconds(Duration latency) {
        return latency.toMillis() % 1000 == 0 ? latency.toSeconds() + " s" : latency.toMillis() + " ms";
    }
}
