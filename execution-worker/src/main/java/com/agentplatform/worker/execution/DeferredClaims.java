package com.agentplatform.worker.execution;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.WorkerSettings;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Requests whose tenant is at its {@code max_concurrent_executions}: they wait here (not in the partition, which
 * keeps flowing for other tenants) and try again in their tenant's order, on a short schedule and whenever a run
 * of that tenant ends on this worker. Nothing is lost if this worker dies: the executions stay queued in
 * PostgreSQL and the {@link QueuedSweeper} wakes them up again.
 */
@Component
class DeferredClaims extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DeferredClaims.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TenantId, ArrayDeque<ExecutionRequested>> byTenant = new LinkedHashMap<>();
    private final Set<UUID> held = new HashSet<>();
    /** Tenants whose wake-ups were dropped at their cap: their queued executions are read back from PostgreSQL. */
    private final Set<TenantId> overflowed = new HashSet<>();
    private final WorkerSettings settings;
    private volatile Consumer<TenantId> retry = tenant -> { };

    DeferredClaims(TaskScheduler scheduler, WorkerSettings settings) {
        super(scheduler, settings.deferredRetry());
        this.settings = settings;
    }

    /** Who tries a tenant's held-back requests again (the request listener). */
    void retryWith(Consumer<TenantId> retry) {
        this.retry = retry;
    }

    /**
     * Holds the request back until its tenant has a free slot. At the tenant's cap the request is not held: the
     * tenant is marked, and {@link #takeOverflow} tells when to read its queued executions back from PostgreSQL.
     */
    void hold(ExecutionRequested request) {
        lock.lock();
        try {
            if (held.contains(request.executionId())) {
                return;
            }
            ArrayDeque<ExecutionRequested> queue = byTenant.computeIfAbsent(request.tenant(), tenant -> new ArrayDeque<>());
            if (queue.size() >= settings.maxDeferredPerTenant()) {
                overflowed.add(request.tenant());
                return; // the execution stays queued in PostgreSQL; takeOverflow brings it back
            }
            held.add(request.executionId());
            queue.addLast(request);
        } finally {
            lock.unlock();
        }
    }

    /** The tenant has queued executions this worker holds no wake-up for (to read back once its held ones are gone). */
    void overflowed(TenantId tenant) {
        lock.lock();
        try {
            overflowed.add(tenant);
        } finally {
            lock.unlock();
        }
    }

    /** True once: the tenant had wake-ups dropped and has nothing held any more, so its backlog must be re-read. */
    boolean takeOverflow(TenantId tenant) {
        lock.lock();
        try {
            ArrayDeque<ExecutionRequested> queue = byTenant.get(tenant);
            return (queue == null || queue.isEmpty()) && overflowed.remove(tenant);
        } finally {
            lock.unlock();
        }
    }

    ExecutionRequested peek(TenantId tenant) {
        lock.lock();
        try {
            ArrayDeque<ExecutionRequested> queue = byTenant.get(tenant);
            return queue == null ? null : queue.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    void remove(ExecutionRequested request) {
        lock.lock();
        try {
            ArrayDeque<ExecutionRequested> queue = byTenant.get(request.tenant());
            if (queue != null && queue.remove(request)) {
                held.remove(request.executionId());
                if (queue.isEmpty()) {
                    byTenant.remove(request.tenant());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isFull() {
        return size() >= settings.maxDeferred();
    }

    /** Tenants with requests held back, or with dropped wake-ups still to read back. */
    private Set<TenantId> tenants() {
        lock.lock();
        try {
            Set<TenantId> tenants = new LinkedHashSet<>(byTenant.keySet());
            tenants.addAll(overflowed);
            return tenants;
        } finally {
            lock.unlock();
        }
    }

    private void retryAll() {
        for (Iterator<TenantId> tenants = tenants().iterator(); tenants.hasNext(); ) {
            TenantId tenant = tenants.next();
            try {
                retry.accept(tenant);
            } catch (RuntimeException e) {
                log.warn("Retrying held-back requests of tenant {} failed: {}", tenant, e.toString());
            }
        }
    }

    @Override
    protected void runRound() {
        retryAll();
    }
}
