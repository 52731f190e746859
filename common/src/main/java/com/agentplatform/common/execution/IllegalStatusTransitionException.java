package com.agentplatform.common.execution;

/** A status change the state machine does not allow, such as {@code succeeded → running}. */
public final class IllegalStatusTransitionException extends IllegalStateException {

    private final ExecutionStatus from;
    private final ExecutionStatus to;

    public IllegalStatusTransitionException(ExecutionStatus from, ExecutionStatus to) {
        super("illegal execution status transition " + from.wireName() + " → " + to.wireName());
        this.from = from;
        this.to = to;
    }

    public ExecutionStatus from() {
        return from;
    }

    public ExecutionStatus to() {
        return to;
    }
}
