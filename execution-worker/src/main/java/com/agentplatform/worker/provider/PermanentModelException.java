package com.agentplatform.worker.provider;

import com.agentplatform.common.execution.FailureCode;

/**
 * A provider failure that repeating the call cannot fix: a bad request (400), bad credentials (401/403), an unknown
 * model (404), content policy. Never retried, and not held against the provider's health.
 *
 * @see #code() the stable error code the execution fails with
 */
public class PermanentModelException extends RuntimeException {

    private final FailureCode code;

    public PermanentModelException(FailureCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
