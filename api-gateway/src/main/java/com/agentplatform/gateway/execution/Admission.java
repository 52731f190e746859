package com.agentplatform.gateway.execution;

import com.agentplatform.gateway.outbox.OutboxMessage;

/** What the group commit did with one submit. */
sealed interface Admission {

    /**
     * Committed: the execution, its {@code queued} event and, unless another execution of its tenant in the same batch
     * carries it (then null), its tenant's wake-up, waiting to be published.
     */
    record Queued(OutboxMessage wakeUp) implements Admission {
    }

    /** Refused: the tenant's queue held {@code queued} executions, its bound. */
    record QueueFull(long queued, int limit) implements Admission {
    }

    /** Nothing written: another submit under the same idempotency key created the execution. */
    record KeyTaken() implements Admission {
    }
}
