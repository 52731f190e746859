package com.agentplatform.common.messaging;

/** A record that can never be processed (a poison record); it belongs in a dead-letter topic, not in a retry. */
public final class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
