package com.agentplatform.worker.tool;

/** A tenant tool could not be made ready for a run (its MCP server refused, its URL is not allowed…). */
public class ToolUnavailableException extends RuntimeException {

    public ToolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
