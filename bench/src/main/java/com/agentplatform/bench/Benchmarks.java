package com.agentplatform.bench;

import com.agentplatform.bench.measure.Machine;
import com.agentplatform.bench.platform.BenchStack;
import com.agentplatform.bench.platform.Services;
import com.agentplatform.bench.platform.Workspace;
import com.agentplatform.bench.report.MarkdownReport;
import com.agentplatform.bench.report.ScenarioResult;
import com.agentplatform.bench.scenario.CostScenario;
import com.agentplatform.bench.scenario.FairnessScenario;
import com.agentplatform.bench.scenario.IoBoundScenario;
import com.agentplatform.bench.scenario.NoOpDrainScenario;
import com.agentplatform.bench.scenario.QueueWaitScenario;
import com.agentplatform.bench.scenario.SseFanOutScenario;
import com.agentplatform.bench.scenario.SteadyLoadScenario;
import com.agentplatform.bench.scenario.SubmitScenario;
import com.agentplatform.bench.scenario.WorkflowScenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the benchmarks: {@code --scenarios=submit,queue,io,sse,fairness,cost,steady,drain,workflow} (default all),
 * {@code --size=smoke|full},
 * {@code --out=<file>} (default docs/BENCHMARKS.md for full, bench/target/bench-smoke.md for smoke), {@code --jfr}
 * (flight recordings of the gateway and worker next to their logs).
 */
public final class Benchmarks {

    public static final String COMMAND = "bench/run.sh --size=full";

    static List<Scenario> all() {
        return List.of(new SubmitScenario(), new SseFanOutScenario(), new SteadyLoadScenario(), new QueueWaitScenario(),
                new FairnessScenario(), new CostScenario(), new IoBoundScenario(), new NoOpDrainScenario(), new WorkflowScenario());
    }

    /**
     * In the order that restarts the worker least: the submit scenario runs without one and SSE starts its own after
     * opening its streams, so in smoke (one worker configuration, nothing queued with the worker stopped) SSE comes
     * second and starts the only worker. Steady load runs before the queue scenario, whose rate is half the best rate
     * the two before it sustained. In full, SSE comes last: its largest pass loads the gateway most, and nothing after
     * it should inherit that.
     */
    static List<Scenario> ordered(BenchSize size) {
        if (!"full".equals(size.name())) {
            return all();
        }
        return List.of(new SubmitScenario(), new SteadyLoadScenario(), new QueueWaitScenario(), new FairnessScenario(),
                new CostScenario(), new WorkflowScenario(), new IoBoundScenario(), new NoOpDrainScenario(), new SseFanOutScenario());
    }

    /**
     * One run's options.
     *
     * @param scenarios which to run
     * @param size      smoke or full
     * @param out       the report file
     * @param jfr       record the services with Java Flight Recorder
     */
    public record Options(Set<String> scenarios, BenchSize size, Path out, boolean jfr) {

        static Options parse(String... args) {
            Set<String> scenarios = all().stream().map(Scenario::key).collect(Collectors.toCollection(LinkedHashSet::new));
            String size = "smoke";
            String out = null;
            boolean jfr = false;
            for (String arg : args) {
                if (arg.startsWith("--scenarios=")) {
                    scenarios = Arrays.stream(arg.substring(12).split(",")).map(String::strip).collect(Collectors.toSet());
                } else if (arg.startsWith("--size=")) {
                    size = arg.substring(7);
                } else if (arg.startsWith("--out=")) {
                    out = arg.substring(6);
                } else if (arg.equals("--jfr")) {
                    jfr = true;
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg + "; see bench/README.md");
                }
            }
            Workspace workspace = Workspace.find();
            Path report = out != null ? Path.of(out)
                    : "full".equals(size) ? workspace.root().resolve("docs/BENCHMARKS.md") : workspace.logs().resolveSibling("bench-smoke.md");
            return new Options(scenarios, BenchSize.named(size), report, jfr);
        }
    }

    public static void main(String[] args) {
        List<ScenarioResult> results = run(Options.parse(args));
        boolean failed = results.stream().anyMatch(result -> result.figures().isEmpty());
        System.exit(failed ? 1 : 0);
    }

    /** Runs the chosen scenarios, prints each table as it is done, and writes the report. */
    public static List<ScenarioResult> run(Options options) {
        Workspace workspace = Workspace.find();
        Machine machine = Machine.current();
        List<ScenarioResult> results = new ArrayList<>();
        try (BenchStack stack = BenchStack.start();
                Services services = new Services(workspace, stack, options.size().gatewayHeap(),
                        options.size().serviceJvmOptions(), options.jfr())) {
            // Interrupted (Ctrl-C), the services still go: they are processes of their own.
            Thread stopServices = Thread.ofPlatform().unstarted(services::close);
            Runtime.getRuntime().addShutdownHook(stopServices);
            RunContext context = new RunContext(options.size(), services);
            for (Scenario scenario : ordered(options.size())) {
                if (options.scenarios().contains(scenario.key())) {
                    ScenarioResult result = runOne(scenario, context);
                    System.out.println(MarkdownReport.table(result));
                    results.add(result);
                }
            }
        }
        String command = "full".equals(options.size().name()) ? COMMAND
                : "bench/run.sh --size=" + options.size().name();
        MarkdownReport.write(options.out(), MarkdownReport.document(results, machine, command, options.size().name()));
        System.out.println("Report written to " + options.out().toAbsolutePath());
        return results;
    }

    /** A scenario that fails is reported as such, and the others still run. */
    private static ScenarioResult runOne(Scenario scenario, RunContext context) {
        long started = System.nanoTime();
        try {
            ScenarioResult result = scenario.run(context);
            System.out.printf("%s done in %d s%n", scenario.key(), (System.nanoTime() - started) / 1_000_000_000);
            return result;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            return new ScenarioResult(scenario.key(), scenario.key() + " (failed)", "The scenario failed: " + e,
                    List.of(), null, List.of());
        }
    }
}
