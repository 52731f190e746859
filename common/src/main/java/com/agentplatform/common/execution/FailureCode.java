package com.agentplatform.common.execution;

/**
 * Why an execution (or one of its attempts) failed: the stable {@code error.code} clients see. Whether a failure
 * may pass if the attempt is simply made again is part of the code, so the retry policy reads it from here and
 * nowhere else.
 */
public enum FailureCode {

    /** The model provider stayed unreachable or overloaded through its own retries and circuit breaker. */
    PROVIDER_UNAVAILABLE(true),
    /** A tenant tool's server (HTTP or MCP) could not be reached when the run began. */
    TOOL_UNAVAILABLE(true),
    /** The provider refused the request as malformed; sending it again would be refused again. */
    PROVIDER_REJECTED_REQUEST(false),
    /** The provider refused the platform's credentials. */
    PROVIDER_AUTH_FAILED(false),
    /** The provider answered with an error it gave no reason for. */
    PROVIDER_ERROR(false),
    /** The provider does not know the model. */
    MODEL_NOT_FOUND(false),
    /** The provider's content filter stopped the answer. */
    CONTENT_FILTERED(false),
    /** No worker offers the model the agent names. */
    UNKNOWN_MODEL(false),
    /** The agent names a tool that is neither built in nor the tenant's. */
    UNKNOWN_TOOL(false),
    /** The run used the agent's {@code max_tokens}. */
    TOKEN_BUDGET_EXCEEDED(false),
    /** The run needed more than the agent's {@code max_steps}. */
    MAX_STEPS_EXCEEDED(false),
    /** Every attempt was used, the last one by a worker that died. */
    ATTEMPTS_EXHAUSTED(false),
    /** Nobody approved or rejected the pending tool call within the agent's {@code approval_timeout_seconds}. */
    APPROVAL_EXPIRED(false),
    /** A workflow's tool step called its tool and the tool answered with an error. */
    TOOL_FAILED(false),
    /** A bug in the platform; reported, not retried. */
    INTERNAL_ERROR(false);

    private final boolean retryable;

    FailureCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** True when another attempt may succeed where this one failed. */
    public boolean retryable() {
        return retryable;
    }
}
