package com.agentplatform.common.workflow;

/**
 * The model-less "model" a workflow's tool step runs on: it asks for exactly the one tool call its input names
 * ({@code {"tool": ..., "arguments": {...}}}) and answers with the tool's output, so the call goes through the same
 * tool runtime as any run's (address policy, deadline, intent step, {@code Idempotency-Key}). Clients cannot pick it:
 * the gateway's model catalog does not offer it.
 */
public final class ToolStepModel {

    public static final String NAME = "workflow:tool";

    private ToolStepModel() {
    }
}
