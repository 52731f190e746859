package com.agentplatform.bench.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway and the worker under test, each its own process on the shared stack. The gateway starts once; the
 * worker is restarted only when a scenario wants it configured differently (or stopped).
 */
public final class Services implements AutoCloseable {

    public static final String ADMIN_TOKEN = "bench-admin-token";

    private final Workspace workspace;
    private final BenchStack stack;
    private final String gatewayHeap;
    private final List<String> jvmOptions;
    private final boolean flightRecordings;
    private final AtomicInteger starts = new AtomicInteger();
    private ServiceProcess gateway;
    private ServiceProcess worker;
    private WorkerSpec workerSpec;

    public Services(Workspace workspace, BenchStack stack, String gatewayHeap, List<String> jvmOptions, boolean flightRecordings) {
        this.workspace = workspace;
        this.stack = stack;
        this.gatewayHeap = gatewayHeap;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.flightRecordings = flightRecordings;
    }

    public BenchStack stack() {
        return stack;
    }

    public synchronized ServiceProcess gateway() {
        if (gateway == null) {
            Map<String, String> properties = common();
            properties.put("platform.gateway.admin-token", ADMIN_TOKEN);
            // Load tenants are created with limits of their own; these only keep defaults out of the way.
            properties.put("platform.gateway.tenant-defaults.rate-limit-per-minute", "100000");
            properties.put("platform.gateway.tenant-defaults.max-queued-executions", "1000000");
            // Thousands of open status streams on one gateway, each its own connection.
            properties.put("server.tomcat.max-connections", "30000");
            properties.put("server.tomcat.accept-count", "2000");
            // The workflow scenario fans out to 10 branches (the default bound is 8).
            properties.put("platform.gateway.workflows.max-branches", "10");
            gateway = ServiceProcess.start(workspace, "gateway", "api-gateway", jvmOptions("gateway", gatewayHeap), properties);
        }
        return gateway;
    }

    /** The worker as the scenario wants it, restarted if it runs with other settings. */
    public synchronized ServiceProcess worker(WorkerSpec spec) {
        if (worker != null && spec.equals(workerSpec)) {
            return worker;
        }
        stopWorker();
        Map<String, String> properties = common();
        properties.put("platform.worker.id", "bench-worker-" + starts.incrementAndGet());
        properties.putAll(spec.properties());
        worker = ServiceProcess.start(workspace, "worker", "execution-worker", jvmOptions("worker", spec.heap()), properties);
        workerSpec = spec;
        return worker;
    }

    /**
     * A clean start for a scenario: no executions left from earlier ones, and the worker as {@code spec} says (stopped
     * when null). A worker that already runs as asked is kept; it has nothing queued, so it has nothing left to do.
     */
    public synchronized void fresh(WorkerSpec spec) {
        if (spec != null && worker != null && spec.equals(workerSpec)) {
            stack.reset(false);
            return;
        }
        stopWorker();
        stack.reset(true);
        if (spec != null) {
            worker(spec);
        }
    }

    /** The worker that runs now, if one does. */
    public synchronized Optional<ServiceProcess> runningWorker() {
        return Optional.ofNullable(worker);
    }

    public synchronized void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
            workerSpec = null;
        }
    }

    private Map<String, String> common() {
        Map<String, String> properties = new LinkedHashMap<>(stack.embedded().springProperties());
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.org.apache.kafka", "WARN");
        properties.put("logging.level.kafka", "WARN");
        return properties;
    }

    private List<String> jvmOptions(String name, String heap) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Xss512k"));
        options.addAll(jvmOptions);
        if (flightRecordings) {
            options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + workspace.logs().resolve(name + "-" + starts.get() + ".jfr"));
        }
        return options;
    }

    @Override
    public synchronized void close() {
        stopWorker();
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
