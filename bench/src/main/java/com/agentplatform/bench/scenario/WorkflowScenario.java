package com.agentplatform.bench.scenario;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.ServiceProcess;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 9: what a workflow adds to its work. A parallel step of 10 agent branches on the zero-latency model, joined
 * (all); each run's overhead is its whole time (created to finished) less its slowest branch's (the child execution's
 * created to finished): creating the children, and the advance that fires the join once the last one ends.
 */
public final class WorkflowScenario implements Scenario {

    static final double TARGET_P99_MS = 50;
    private static final int BRANCHES = 10;
    private static final int WARM_UP = 5;
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    @Override
    public String key() {
        return "workflow";
    }

    @Override
    public ScenarioResult run(RunContext context) {
        int runs = "smoke".equals(context.size().name()) ? 5 : 300;
        context.services().fresh(context.size().worker());
        PlatformApi api = context.api();
        Tenant tenant = api.createTenant("workflow", Limits.highest());
        String workflow = api.createWorkflow(tenant, fanOut());
        for (int i = 0; i < WARM_UP; i++) {
            awaitEnd(api, tenant, api.runWorkflow(tenant, workflow, "warm-up"));
        }
        Histogram overhead = Latency.newHistogram();
        Histogram total = Latency.newHistogram();
        Histogram slowest = Latency.newHistogram();
        int failed = 0;
        for (int i = 0; i < runs; i++) {
            JsonNode run = awaitEnd(api, tenant, api.runWorkflow(tenant, workflow, "run " + i));
            if (!"succeeded".equals(run.get("status").asString())) {
                failed++;
                continue;
            }
            Duration whole = Duration.between(instant(run, "created_at"), instant(run, "finished_at"));
            Duration branch = slowestBranch(api, tenant, run);
            Latency.record(total, whole.toNanos());
            Latency.record(slowest, branch.toNanos());
            Latency.record(overhead, Math.max(0, whole.minus(branch).toNanos()));
        }
        ServiceProcess gateway = context.services().gateway();
        double advances = PlatformApi.statistic(gateway, "platform.workflow.advance.lag", "COUNT");
        double advanceLagMs = advances == 0 ? 0
                : PlatformApi.statistic(gateway, "platform.workflow.advance.lag", "TOTAL_TIME") * 1000 / advances;
        Latency over = Latency.of(overhead);
        Latency runTime = Latency.of(total);
        Latency branchTime = Latency.of(slowest);
        System.out.printf("workflow: %d runs of a %d-branch fan-out; overhead p50 %.1f ms p99 %.1f ms (run p99 %.1f, slowest"
                + " branch p99 %.1f)%n", runs, BRANCHES, over.p50(), over.p99(), runTime.p99(), branchTime.p99());
        List<String> notes = new ArrayList<>();
        notes.add("One run at a time, each followed until it ended by polling `GET /v1/workflow-runs/{id}` every 20 ms "
                + "(the load it adds stays small); times are the platform's own timestamps (run and child "
                + "`created_at`/`finished_at`), so the polling does not add to them.");
        if (failed > 0) {
            notes.add(failed + " of " + runs + " runs did not succeed and are left out.");
        }
        return new ScenarioResult("workflow", "9. Workflow fan-out overhead",
                ("%d runs of a workflow whose one step is a parallel of %d agent branches (zero-latency model, join all); "
                        + "overhead = the run's time less its slowest branch's.").formatted(runs, BRANCHES),
                List.of(Figure.of("overhead over the slowest branch, p99", "ms", Math.max(over.p99(), 0.001), Double.NaN,
                                "≤ 50 ms", over.p99() <= TARGET_P99_MS),
                        Figure.info("overhead over the slowest branch, p50", "ms", over.p50()),
                        Figure.info("run time (created to finished), p50", "ms", runTime.p50()),
                        Figure.info("run time (created to finished), p99", "ms", runTime.p99()),
                        Figure.info("slowest branch (child created to finished), p99", "ms", branchTime.p99()),
                        Figure.info("advance lag, mean (a child's end written to an advancer taking it)", "ms", advanceLagMs)),
                null, notes);
    }

    private static JsonNode awaitEnd(PlatformApi api, Tenant tenant, String run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode current = api.read(tenant, "/v1/workflow-runs/" + run);
            if (ENDED.contains(current.get("status").asString())) {
                return current;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new IllegalStateException("workflow run " + run + " did not end within 60 s");
    }

    private static Duration slowestBranch(PlatformApi api, Tenant tenant, JsonNode run) {
        Duration slowest = Duration.ZERO;
        for (JsonNode step : run.get("steps")) {
            JsonNode execution = step.get("execution_id");
            if (execution != null && !execution.isNull()) {
                JsonNode child = api.read(tenant, "/v1/executions/" + execution.asString());
                Duration took = Duration.between(instant(child, "created_at"), instant(child, "finished_at"));
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
            }
        }
        return slowest;
    }

    private static String fanOut() {
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < BRANCHES; i++) {
            branches.add("[{\"id\":\"b" + i + "\",\"type\":\"agent\",\"agent\":{\"model\":\"simulated:default\"},"
                    + "\"input\":\"branch " + i + " of {{input}}\"}]");
        }
        return "{\"name\":\"fan-out-10\",\"steps\":[{\"id\":\"fan\",\"type\":\"parallel\",\"join\":\"all\",\"branches\":["
                + String.join(",", branches) + "]}]}";
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.get(field).asString());
    }
}
