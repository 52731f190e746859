package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.measure.OpenLoop;
import com.agentplatform.bench.measure.ProcessStats;
import com.agentplatform.bench.platform.ExecutionTimes;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.ServiceProcess;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Scenario 6: CPU milliseconds per completed execution, per process, at a steady rate with a zero-latency model. */
public final class CostScenario implements Scenario {

    private static final int TENANTS = 8;

    /** CPU used so far by each part of the system. */
    private record Cpu(long gateway, long worker, long postgres, long redis, long bench) {

        static Cpu now(ServiceProcess gateway, ServiceProcess worker, List<Long> postgres) {
            return new Cpu(ProcessStats.cpuMillis(gateway.pid()), ProcessStats.cpuMillis(worker.pid()),
                    postgres.stream().mapToLong(ProcessStats::treeCpuMillis).sum(),
                    ProcessStats.cpuMillis(ProcessStats.descendantsNamed("redis")),
                    ProcessStats.cpuMillis(ProcessHandle.current().pid()));
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(gateway - earlier.gateway, worker - earlier.worker, postgres - earlier.postgres,
                    redis - earlier.redis, bench - earlier.bench);
        }
    }

    @Override
    public String key() {
        return "cost";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        var size = context.size();
        context.services().fresh(size.worker());
        ServiceProcess gateway = context.services().gateway();
        ServiceProcess worker = context.services().worker(size.worker());
        List<Tenant> tenants = Stream.generate(() -> context.api().createTenant("cost", Limits.highest())).limit(TENANTS).toList();
        Supplier<Tenant> next = Executions.roundRobin(tenants);
        long calls = (long) (size.costRate() * size.costDuration().toMillis() / 1000);

        // The postmaster, found by its data directory; its backends are its children.
        List<Long> postgres = ProcessStats.withArgument(context.stack().embedded().settings().dataDir().resolve("postgres").toString());
        Cpu before = Cpu.now(gateway, worker, postgres);
        LoadResult submits = OpenLoop.run(size.costRate(), calls, 10_000, () -> context.api().submit(next.get()));
        Executions.awaitEnded(context.api(), tenants, submits.succeeded(), Duration.ofSeconds(120 + calls / 50));
        Cpu used = Cpu.now(gateway, worker, postgres).minus(before);

        List<ExecutionTimes> executions = Executions.of(context.api(), tenants);
        long completed = executions.stream().filter(ExecutionTimes::succeeded).count();
        double per = Math.max(1, completed);
        System.out.printf("cost: %d completed at %.0f/s; CPU ms per execution gateway %.2f, worker %.2f, postgres %.2f%n",
                completed, submits.throughput(), used.gateway / per, used.worker / per, used.postgres / per);
        List<String> notes = new ArrayList<>();
        notes.add("CPU time is read from /proc (user + system) before the load and once every execution ended; "
                + "the waits and the polling of `GET /v1/tenant` count too. The bench JVM holds the Kafka broker and the load generator.");
        if (completed < submits.attempted()) {
            notes.add((submits.attempted() - completed) + " of " + submits.attempted() + " submits did not complete.");
        }
        return new ScenarioResult("cost", "6. Cost per execution",
                "Open loop at %.0f submits/s for %d s over %d tenants, zero-latency model; CPU per completed execution by process. No raw baseline: the issue sets none."
                        .formatted(size.costRate(), size.costDuration().toSeconds(), TENANTS),
                List.of(
                        Figure.info("gateway CPU per execution", "ms", used.gateway / per),
                        Figure.info("worker CPU per execution", "ms", used.worker / per),
                        Figure.info("PostgreSQL CPU per execution (all backends)", "ms", used.postgres / per),
                        Figure.info("Redis CPU per execution", "ms", used.redis / per),
                        Figure.info("bench JVM CPU per execution (Kafka broker, load)", "ms", used.bench / per),
                        Figure.of("achieved rate", "executions/s", submits.throughput(), size.costRate(), "steady " + (long) size.costRate() + "/s",
                                submits.throughput() >= 0.95 * size.costRate()),
                        Figure.info("submit latency p99 (from the intended send time)", "ms", submits.latency().p99())),
                null, notes);
    }
}
