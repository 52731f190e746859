package com.agentplatform.common.workflow;

import java.util.UUID;

/**
 * How far one step of a run has come. A leaf (agent or tool step) has the child execution that runs it; a condition
 * has the branch it took ({@code then}, {@code else}, or {@code none} when it had no else).
 */
public record StepState(String stepId, String status, UUID executionId, String result, String error, String branch) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public boolean ended() {
        return !RUNNING.equals(status);
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
