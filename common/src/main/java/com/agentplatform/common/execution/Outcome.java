package com.agentplatform.common.execution;

/** How an attempt ended: what {@code ExecutionTransitions.finish} records, or what makes a retry. */
public sealed interface Outcome {

    Usage usage();

    /** The terminal status this outcome ends an execution in. */
    ExecutionStatus status();

    static Outcome succeeded(String result, Usage usage) {
        return new Succeeded(result, usage);
    }

    static Outcome failed(FailureCode code, String message, Usage usage) {
        return new Failed(code, message, usage);
    }

    record Succeeded(String result, Usage usage) implements Outcome {
        @Override
        public ExecutionStatus status() {
            return ExecutionStatus.SUCCEEDED;
        }
    }

    record Failed(FailureCode code, String message, Usage usage) implements Outcome {
        @Override
        public ExecutionStatus status() {
            return ExecutionStatus.FAILED;
        }
    }

    record TimedOut(String message, Usage usage) implements Outcome {
        @Override
        public ExecutionStatus status() {
            return ExecutionStatus.TIMED_OUT;
        }
    }

    record Cancelled(String message, Usage usage) implements Outcome {
        @Override
        public ExecutionStatus status() {
            return ExecutionStatus.CANCELLED;
        }
    }
}
