package com.agentplatform.worker.provider;

import java.time.Duration;

/**
 * A provider failure that may pass by itself: rate limited (429), overloaded or failing (5xx), a timeout, a reset
 * connection, or its circuit open. Retried with backoff (honouring {@code Retry-After}) and counted by the
 * provider's circuit breaker.
 */
public class TransientModelException extends RuntimeException {

    private final transient Duration retryAfter;

    public TransientModelException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** What the provider asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
