package com.agentplatform.worker.tool;

import dev.langchain4j.agent.tool.ToolSpecification;

/** A tool the model may call. */
public interface AgentTool {

    /** What the model is told: name, description, JSON schema of the arguments. */
    ToolSpecification specification();

    /**
     * Runs the tool with the model's JSON arguments and returns the text the model gets back.
     *
     * @throws ToolFailedException when the arguments are unusable or the tool fails; the model is told why
     */
    String execute(String argumentsJson);

    /** Runs the tool for a tenant's execution; tools that need to know whose run it is override this. */
    default String execute(ToolContext context, String argumentsJson) {
        return execute(argumentsJson);
    }

    /**
     * Whether a call may change something outside the platform, that is, anything but a read. Such a call is recorded
     * as an intent before it is sent, carries {@link ToolContext#idempotencyKey()}, and is never sent again blindly
     * after a crash: the model is told its outcome is unknown. Reads (the default) may simply be repeated.
     */
    default boolean hasSideEffects() {
        return false;
    }

    default String name() {
        return specification().name();
    }
}
