package com.agentplatform.common.execution;

/**
 * The fencing token of a running attempt: a write guarded by it applies only while this worker still holds the
 * lease of this attempt, so a worker whose lease was taken over can no longer change the execution.
 */
public record Fence(String leaseOwner, int attempt) {
}
