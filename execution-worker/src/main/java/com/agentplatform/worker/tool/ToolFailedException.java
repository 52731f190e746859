package com.agentplatform.worker.tool;

/** A tool call that did not work; the message goes back to the model, which may try again differently. */
public class ToolFailedException extends RuntimeException {

    public ToolFailedException(String message) {
        super(message);
    }
}
