package com.agentplatform.gateway.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workflow run as the API shows it. {@code steps} lists the steps it has reached, in the order they started; a leaf
 * step has the child execution that runs it. {@code error} is set when it failed or was cancelled.
 */
record RunView(UUID id, UUID workflowId, String status, String input, Map<String, Object> metadata, String result,
        Map<String, String> error, List<RunStepView> steps, Instant createdAt, Instant startedAt, Instant finishedAt) {

    record RunStepView(String id, String type, String status, UUID executionId, String branch, String result, String error,
            Instant startedAt, Instant finishedAt) {
    }
}
