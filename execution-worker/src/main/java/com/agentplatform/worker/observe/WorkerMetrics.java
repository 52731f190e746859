package com.agentplatform.worker.observe;

import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.metrics.BoundedLabels;
import com.agentplatform.worker.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The worker's own metrics (next to the JVM, HTTP, Kafka client and resilience4j ones Spring Boot exports). Tags
 * are bounded: status names come from the platform, model names from the providers the worker has, and tenants
 * through {@link BoundedLabels}.
 *
 * <p>Every counter a dashboard or an alert reads exists at zero before it first moves, with the label values known
 * then: at start the fixed ones, and the tenant bucket {@value BoundedLabels#OTHER}; a tenant's own series when the
 * worker first runs one of its executions; both outcomes of a model's or tool's calls at its first call. A series
 * that appears only on its first increment shows "No data" instead of 0, and {@code increase()} misses that step.
 */
@Component
public class WorkerMetrics {

    private static final Duration[] SLO = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(5)};

    /** Queue waits are short when all is well: finer buckets at the low end. */
    private static final Duration[] QUEUE_SLO = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10)};

    /** The outcomes the runner reports for an LLM or tool call. */
    public static final String OK = "ok";
    public static final String ERROR = "error";
    private static final List<String> OUTCOMES = List.of(OK, ERROR);
    private static final List<String> END_STATUSES = Arrays.stream(ExecutionStatus.values())
            .filter(ExecutionStatus::isTerminal).map(ExecutionStatus::wireName).toList();

    private final MeterRegistry registry;
    private final BoundedLabels tenantLabels;
    private final BoundedLabels modelLabels;
    private final BoundedLabels toolLabels;
    private final Counter attempts;
    /** Labels (tenants, provider and model, tools) whose zero series exist already. */
    private final Set<String> knownTenants = ConcurrentHashMap.newKeySet();
    private final Set<List<String>> knownModels = ConcurrentHashMap.newKeySet();
    private final Set<String> knownTools = ConcurrentHashMap.newKeySet();

    public WorkerMetrics(MeterRegistry registry, WorkerSettings settings) {
        this.registry = registry;
        this.tenantLabels = new BoundedLabels(settings.metrics().tenantLabels());
        this.modelLabels = new BoundedLabels(BoundedLabels.Settings.firstSeen(settings.metrics().nameLabelLimit()));
        this.toolLabels = new BoundedLabels(BoundedLabels.Settings.firstSeen(settings.metrics().nameLabelLimit()));
        this.attempts = Counter.builder("platform.execution.attempts").description("attempts started (first ones and retries)")
                .register(registry);
        // Series alerts watch exist from the start at zero, so "increase(...) > 0" sees the first one.
        for (String reason : List.of("unparseable", "unknown_tenant", "key_mismatch", "attempts_exhausted", "other")) {
            Counter.builder("platform.dead.letters").tag("reason", reason).register(registry);
        }
        for (String result : List.of("requeued", "attempts_exhausted")) {
            Counter.builder("platform.lease.recoveries").tag("result", result).register(registry);
        }
        for (String code : List.of("PROVIDER_UNAVAILABLE", "TOOL_UNAVAILABLE")) {
            Counter.builder("platform.execution.retries").tag("code", code).register(registry);
        }
        knowTenant(BoundedLabels.OTHER);
    }

    /** Running executions on this worker. */
    public void inFlight(Supplier<Number> count) {
        // Held strongly: a gauge keeps only a weak reference by default, and a method reference has no other owner.
        Gauge.builder("platform.executions.in.flight", count, value -> value.get().doubleValue())
                .strongReference(true)
                .register(registry);
    }

    /** Queue wait by tenant: the label is bounded by {@link BoundedLabels}. */
    public void queueWait(TenantId tenant, Duration wait) {
        Timer.builder("platform.queue.wait").description("submit to start of the first attempt")
                .tag("tenant", tenantLabel(tenant)).serviceLevelObjectives(QUEUE_SLO).register(registry).record(wait);
    }

    public void attemptStarted() {
        attempts.increment();
    }

    /**
     * An execution ended: its duration by status and model, and a count by tenant and status (a counter, not a
     * histogram, so the tenant breakdown stays cheap).
     */
    public void finished(TenantId tenant, String status, String model, Duration duration) {
        Timer.builder("platform.execution.duration").description("claim to terminal status of an attempt")
                .tag("status", status).tag("model", modelLabels.of(model)).serviceLevelObjectives(SLO).register(registry)
                .record(duration);
        finishedCounter(tenantLabel(tenant), status).increment();
    }

    /** A model call; {@code outcome} is {@value #OK} or {@value #ERROR}. */
    public void llmCall(String modelName, String outcome, Duration duration, long inputTokens, long outputTokens) {
        String provider = modelName.contains(":") ? modelName.substring(0, modelName.indexOf(':')) : modelName;
        String model = modelLabels.of(modelName);
        if (knownModels.add(List.of(provider, model))) {
            OUTCOMES.forEach(known -> llmTimer(provider, model, known));
        }
        llmTimer(provider, model, outcome).record(duration);
        Counter.builder("platform.llm.tokens").tag("provider", provider).tag("model", model).tag("direction", "input")
                .register(registry).increment(inputTokens);
        Counter.builder("platform.llm.tokens").tag("provider", provider).tag("model", model).tag("direction", "output")
                .register(registry).increment(outputTokens);
    }

    /** A tool call; {@code outcome} is {@value #OK} or {@value #ERROR}. */
    public void toolCall(String tool, String outcome, Duration duration) {
        String label = toolLabels.of(tool);
        if (knownTools.add(label)) {
            OUTCOMES.forEach(known -> toolTimer(label, known));
        }
        toolTimer(label, outcome).record(duration);
    }

    public void leaseRecovered(String result) {
        Counter.builder("platform.lease.recoveries").tag("result", result).register(registry).increment();
    }

    public void deadLettered(String reason) {
        Counter.builder("platform.dead.letters").tag("reason", reason).register(registry).increment();
    }

    public void retried(FailureCode code) {
        Counter.builder("platform.execution.retries").tag("code", code.name()).register(registry).increment();
    }

    /** The tenant's label; the first time, its finished counters are registered at zero for every end status. */
    private String tenantLabel(TenantId tenant) {
        String label = tenantLabels.of(tenant);
        if (!knownTenants.contains(label)) {
            knowTenant(label);
        }
        return label;
    }

    private void knowTenant(String label) {
        END_STATUSES.forEach(status -> finishedCounter(label, status));
        knownTenants.add(label);
    }

    private Counter finishedCounter(String tenantLabel, String status) {
        return Counter.builder("platform.executions.finished").tag("tenant", tenantLabel).tag("status", status)
                .register(registry);
    }

    private Timer llmTimer(String provider, String model, String outcome) {
        return Timer.builder("platform.llm.call").tag("provider", provider).tag("model", model).tag("outcome", outcome)
                .serviceLevelObjectives(SLO).register(registry);
    }

    private Timer toolTimer(String tool, String outcome) {
        return Timer.builder("platform.tool.call").tag("tool", tool).tag("outcome", outcome)
                .serviceLevelObjectives(SLO).register(registry);
    }
}
