package com.agentplatform.client;

/** The gateway refused an execution's stream for good: a wrong credential (401) or an unknown execution (404). */
public final class ExecutionStreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ExecutionStreamException(int status, String problem) {
        super("HTTP " + status + ": " + problem);
        this.status = status;
    }

    /** The HTTP status; the message holds the problem+json body. */
    public int status() {
        return status;
    }
}
