package com.agentplatform.worker.execution;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.WorkerSettings;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    void hold(ExecutionRequested request) {
        lock.lock();
        try {
            if (held.add(request.executionId())) {
                byTenant.computeIfAbsent(request.tenant(), tenant -> new ArrayDeque<>()).addLast(request);
            }
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

    private Set<TenantId> tenants() {
        lock.lock();
        try {
            return Set.copyOf(byTenant.keySet());
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
