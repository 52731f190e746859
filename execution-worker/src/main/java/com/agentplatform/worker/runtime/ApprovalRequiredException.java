package com.agentplatform.worker.runtime;

/**
 * The model called a tool the agent's {@code require_approval} names: the run pauses before that call (the calls the
 * same reply asked for before it were made and recorded; those after it wait their turn) until a person decides.
 */
public class ApprovalRequiredException extends RuntimeException {

    private final String callId;
    private final String tool;
    private final String arguments;

    public ApprovalRequiredException(String callId, String tool, String arguments) {
        super("the call " + callId + " of " + tool + " waits for approval");
        this.callId = callId;
        this.tool = tool;
        this.arguments = arguments;
    }

    public String callId() {
        return callId;
    }

    public String tool() {
        return tool;
    }

    /** The model's arguments, as the JSON text it wrote. */
    public String arguments() {
        return arguments;
    }
}
