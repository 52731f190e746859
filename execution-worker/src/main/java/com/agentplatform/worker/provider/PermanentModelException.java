package com.agentplatform.worker.provider;

/**
 * A provider failure that repeating the call cannot fix: a bad request (400), bad credentials (401/403), an unknown
 * model (404), content policy. Never retried, and not held against the provider's health.
 *
 * @see #code() the stable error code the execution fails with
 */
public class PermanentModelException extends RuntimeException {

    private final String code;

    public PermanentModelException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
