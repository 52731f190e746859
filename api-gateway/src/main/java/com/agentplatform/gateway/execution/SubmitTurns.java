package com.agentplatform.gateway.execution;

import com.agentplatform.common.id.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * A tenant's submits on this gateway take turns before they take a database connection. The queue bound makes them
 * take turns in PostgreSQL anyway (across gateways); waiting here instead means one tenant's burst holds at most one
 * connection of the pool while it waits, so it cannot starve the other tenants of connections.
 */
@Component
class SubmitTurns {

    private final ConcurrentHashMap<TenantId, ReentrantLock> turns = new ConcurrentHashMap<>();

    <T> T take(TenantId tenant, Supplier<T> work) {
        ReentrantLock turn = turns.computeIfAbsent(tenant, id -> new ReentrantLock(true));
        turn.lock();
        try {
            return work.get();
        } finally {
            turn.unlock();
        }
    }
}
