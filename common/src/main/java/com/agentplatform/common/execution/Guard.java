package com.agentplatform.common.execution;

/**
 * What an execution row must look like for a change to apply. The status is always checked; a running attempt's
 * writes are also fenced by lease owner and attempt number, so a worker whose lease was taken over can no longer
 * change the execution.
 *
 * @param status     the status the row must have now
 * @param leaseOwner when not null, the worker that must hold the lease
 * @param attempt    when not null, the attempt number the row must have
 */
public record Guard(ExecutionStatus status, String leaseOwner, Integer attempt) {

    public static Guard status(ExecutionStatus status) {
        return new Guard(status, null, null);
    }

    /** A queued execution whose previous attempt number is {@code attemptsSoFar}. */
    public static Guard queuedAfter(int attemptsSoFar) {
        return new Guard(ExecutionStatus.QUEUED, null, attemptsSoFar);
    }

    /** The running attempt {@code attempt}, leased by {@code leaseOwner}. */
    public static Guard running(String leaseOwner, int attempt) {
        return new Guard(ExecutionStatus.RUNNING, leaseOwner, attempt);
    }
}
