package com.agentplatform.bench.scenario;

import static org.awaitility.Awaitility.await;

import com.agentplatform.bench.RunContext;
import com.agentplatform.bench.Scenario;
import com.agentplatform.bench.baseline.RawEventReader;
import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.platform.Limits;
import com.agentplatform.bench.platform.ServiceProcess;
import com.agentplatform.bench.platform.StatusStreams;
import com.agentplatform.bench.platform.Tenant;
import com.agentplatform.bench.report.Figure;
import com.agentplatform.bench.report.ScenarioResult;
import com.agentplatform.bench.report.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Scenario 4: thousands of clients following executions' status streams on one gateway. The streams open on queued
 * executions while no worker runs, so every event after that is live; then the worker starts and runs them.
 */
public final class SseFanOutScenario implements Scenario {

    private static final long STREAM_TARGET_BYTES = 50 * 1024;
    private static final int OPENING_AT_ONCE = 500;

    private record Pass(int clients, int open, int refused, long liveEvents, Latency delivery, Latency baseline,
            double heapPerStream, double rssPerStream) {
    }

    @Override
    public String key() {
        return "sse";
    }

    @Override
    public ScenarioResult run(RunContext context) throws Exception {
        List<Pass> passes = new ArrayList<>();
        for (int clients : context.size().sse().clients()) {
            Pass pass = pass(context, clients);
            passes.add(pass);
            System.out.printf("sse %d clients: open %d, live events %d, delivery %s | baseline %s, heap/stream %.1f KB%n",
                    clients, pass.open, pass.liveEvents, pass.delivery, pass.baseline, pass.heapPerStream / 1024);
        }
        return result(context, passes);
    }

    private static Pass pass(RunContext context, int clients) throws Exception {
        context.services().fresh(null);
        ServiceProcess gateway = context.services().gateway();
        Tenant tenant = context.api().createTenant("sse", Limits.highest());
        int executions = Math.max(1, clients / context.size().sse().streamsPerExecution());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService submitting = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            IntStream.range(0, executions).forEach(i -> submitting.execute(() -> ids.add(context.api().submitForId(tenant))));
        }
        GatewayMemory before = GatewayMemory.after(gateway);
        StatusStreams streams = new StatusStreams(context.api());
        for (int opened = 0; opened < clients; ) {
            int batch = Math.min(OPENING_AT_ONCE, clients - opened);
            for (int i = opened; i < opened + batch; i++) {
                streams.follow(tenant, ids.get(i % ids.size()));
            }
            opened += batch;
            int issued = opened;
            await("streams open").atMost(Duration.ofSeconds(60)).until(() -> streams.open() + streams.refused() >= issued);
        }
        GatewayMemory open = GatewayMemory.after(gateway);
        try (RawEventReader baseline = new RawEventReader(context.stack(), tenant.id())) {
            context.services().worker(context.size().worker());
            await("streams ended").atMost(Duration.ofSeconds(120 + executions / 10))
                    .until(() -> streams.ended() + streams.refused() >= clients);
            await("baseline read the events").atMost(Duration.ofSeconds(30))
                    .until(() -> baseline.events() >= 3L * executions);
            return new Pass(clients, streams.open(), streams.refused(), streams.liveEvents(), streams.delays(), baseline.delays(),
                    (double) (open.heapUsed() - before.heapUsed()) / Math.max(1, streams.open()),
                    (double) (open.rss() - before.rss()) / Math.max(1, streams.open()));
        }
    }

    private static ScenarioResult result(RunContext context, List<Pass> passes) {
        Pass largest = passes.getLast();
        List<List<String>> rows = passes.stream().map(pass -> List.of(
                Integer.toString(pass.clients), Integer.toString(pass.open), Integer.toString(pass.refused),
                Long.toString(pass.liveEvents), SubmitScenario.format(pass.delivery.p50()), SubmitScenario.format(pass.delivery.p99()),
                SubmitScenario.format(pass.delivery.max()), SubmitScenario.format(pass.baseline.p50()),
                SubmitScenario.format(pass.baseline.p99()), SubmitScenario.format(pass.heapPerStream / 1024),
                SubmitScenario.format(pass.rssPerStream / 1024))).toList();
        List<String> notes = new ArrayList<>();
        if (largest.refused > 0) {
            notes.add(largest.refused + " of " + largest.clients + " streams could not be opened.");
        }
        notes.add("Memory per stream is the gateway's change after a full GC (jcmd GC.run) between no stream and all streams "
                + "open; RSS moves in heap-region steps, so it is coarse. Memory has no raw baseline.");
        return new ScenarioResult("sse", "4. SSE fan-out",
                ("N clients each follow one of N/%d executions (`GET /v1/executions/{id}/events`) on one gateway, opened while "
                        + "the executions are queued and no worker runs; then the worker (zero-latency model) runs them. "
                        + "Delay is event `created_at` → line read by the client. "
                        + "Baseline: the same events read by a plain Kafka consumer.").formatted(context.size().sse().streamsPerExecution()),
                List.of(
                        Figure.of("delivery p50 at %,d streams".formatted(largest.clients), "ms", largest.delivery.p50(),
                                largest.baseline.p50(), "", null),
                        Figure.of("delivery p99 at %,d streams".formatted(largest.clients), "ms", largest.delivery.p99(),
                                largest.baseline.p99(), "≤ 50 ms", largest.delivery.p99() <= 50),
                        Figure.of("gateway heap per stream at %,d streams".formatted(largest.clients), "KB",
                                largest.heapPerStream / 1024, Double.NaN, "≤ 50 KB", largest.heapPerStream <= STREAM_TARGET_BYTES),
                        Figure.info("gateway RSS per stream at %,d streams".formatted(largest.clients), "KB", largest.rssPerStream / 1024),
                        Figure.of("streams open", "count", largest.open, largest.clients, "all", largest.open == largest.clients)),
                new Table(List.of("streams", "open", "refused", "live events", "p50 ms", "p99 ms", "max ms",
                        "baseline p50 ms", "baseline p99 ms", "heap KB/stream", "RSS KB/stream"), rows),
                notes);
    }
}
