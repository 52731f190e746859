package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.measure.OpenLoop;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scenario 6: CPU milliseconds per completed execution of a three-step calculator agent, per process and summed over
 * the platform's processes, at a steady rate.
 */
public final class CostScenario implements Scenario {

    static final double TARGET_MS = 2;
    private static final int TENANTS = 8;

    @Override
    public String key() {
        return "cost";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var size = context.size().cost();
        context.services().fresh(context.size().worker());
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("cost", Limits.highest())).limit(TENANTS).toList();
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        long calls = (long) (size.rate() * size.duration().toMillis() / 1000);

        CpuUse before = CpuUse.now(context);
        LoadResult submits = OpenLoop.run(size.rate(), calls, OpenLoop.MAX_HTTP_OUTSTANDING, () -> context.api().submit(next.get(), PlatformApi.CALCULATOR));
        Executions.awaitEnded(context.api(), tenants, submits.succeeded(), Duration.ofSeconds(120 + calls / 50));
        CpuUse used = CpuUse.now(context).minus(before);

        List<ExecutionTimes> executions = Executions.of(context.api(), tenants);
        long completed = executions.stream().filter(ExecutionTimes::succeeded).count();
        int steps = context.api().stepsOfASucceededExecution(tenants.getFirst());
        double per = Math.max(1, completed);
        System.out.printf("cost: %d completed at %.0f/s, %d steps each; CPU ms per execution %.2f (gateway %.2f, worker %.2f, "
                + "postgres %.2f, broker %.2f)%n", completed, submits.throughput(), steps, used.platform() / per,
                used.gateway() / per, used.worker() / per, used.postgres() / per, used.broker() / per);
        List<String> notes = new ArrayList<>();
        notes.add("CPU time is read from /proc (user + system) before the load and once every execution ended; "
                + "the waits and the polling of `GET /v1/tenant` count too. The broker runs inside the bench JVM with the load "
                + "generator: its share is the CPU of the JVM's threads that do not drive load (read per thread). The bench "
                + "JVM's GC and JIT cannot be split between the two and are shown apart, outside the total.");
        if (completed < submits.attempted()) {
            notes.add((submits.attempted() - completed) + " of " + submits.attempted() + " submits did not complete.");
        }
        return new ScenarioResult("cost", "6. Cost per execution",
                ("Open loop at %.0f submits/s for %d s over %d tenants of a calculator agent on the offline model (the model asks "
                        + "the calculator, the calculator answers, the model answers: three steps); CPU per completed execution "
                        + "by process. No raw baseline: the target is absolute.")
                        .formatted(size.rate(), size.duration().toSeconds(), TENANTS),
                figures(used, per, steps, submits, size.rate()), null, notes);
    }

    private static List<Figure> figures(CpuUse used, double per, int steps, LoadResult submits, double rate) {
        double total = used.platform() / per;
        return List.of(
                Figure.of("platform CPU per execution (gateway + worker + PostgreSQL + Redis + broker)", "ms", total,
                        Double.NaN, "≤ 2 ms", total <= TARGET_MS),
                Figure.info("gateway CPU per execution", "ms", used.gateway() / per),
                Figure.info("worker CPU per execution", "ms", used.worker() / per),
                Figure.info("PostgreSQL CPU per execution (all backends)", "ms", used.postgres() / per),
                Figure.info("Redis CPU per execution", "ms", used.redis() / per),
                Figure.info("Kafka broker CPU per execution (its threads in the bench JVM)", "ms", used.broker() / per),
                Figure.info("not counted: load generator CPU per execution", "ms", used.loadGenerator() / per),
                Figure.info("not counted: bench JVM GC and JIT per execution (broker and load generator)", "ms",
                        used.unattributed() / per),
                Figure.info("steps per execution (one sampled)", "steps", steps),
                Figure.of("achieved rate", "executions/s", submits.throughput(), rate, "steady " + (long) rate + "/s",
                        submits.throughput() >= 0.95 * rate),
                Figure.info("submit latency p99 (from the intended send time)", "ms", submits.latency().p99()));
    }
}
