package com.agentplatform.gateway.execution;

import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.events.ExecutionEventBus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * {@code ?wait=}: blocks the request (a virtual thread) until the execution ends or the wait runs out. Woken by the
 * live event; the database is checked every second too, so a missed event costs at most a second.
 */
@Component
class ExecutionWaiter {

    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final ExecutionEventBus bus;
    private final ExecutionRepository executions;

    ExecutionWaiter(ExecutionEventBus bus, ExecutionRepository executions) {
        this.bus = bus;
        this.executions = executions;
    }

    void awaitEnd(TenantId tenant, ExecutionId id, Duration wait) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try (AutoCloseable subscription = bus.subscribe(tenant, id, event -> {
            if (event.type().isTerminal()) {
                ended.complete(null);
            }
        })) {
            while (!isTerminal(tenant, id)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    ended.get(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
                    return;
                } catch (TimeoutException e) {
                    // check the database, then wait again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("closing a subscription cannot fail", e);
        }
    }

    private boolean isTerminal(TenantId tenant, ExecutionId id) {
        return executions.status(tenant, id).map(ExecutionStatus::isTerminal).orElse(true);
    }
}
