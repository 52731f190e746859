package com.agentplatform.common.agent;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The name under which an agent is offered to another agent's model as a tool: its own name made safe for the
 * providers' tool-name rules ({@code [a-z0-9_-]}, at most 64 characters). The gateway refuses, when an agent is
 * written, two names that would meet in one tool list; the worker names the tools the same way.
 */
public final class AgentToolNames {

    /** Providers accept 64 characters; the rest of a longer name is cut. */
    public static final int MAX_LENGTH = 64;
    /**
     * How the description of an agent's tool begins: models read it, and the offline model recognises agent tools by
     * it (it delegates to them; see its rule).
     */
    public static final String DESCRIPTION_PREFIX = "Hands a task to the agent ";
    /** The one parameter of an agent's tool: the task, in words. */
    public static final String INPUT = "input";
    private static final Pattern UNSAFE = Pattern.compile("[^a-z0-9_-]+");

    private AgentToolNames() {
    }

    /** {@code "Research Assistant"} → {@code research_assistant}; a name with nothing usable → {@code agent_<id>}. */
    public static String of(String agentName, UUID agentId) {
        String safe = agentName == null ? "" : UNSAFE.matcher(agentName.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
        safe = safe.replaceAll("^_+|_+$", "");
        if (safe.isEmpty()) {
            safe = "agent_" + agentId.toString().replace("-", "").substring(0, 12);
        }
        return safe.length() > MAX_LENGTH ? safe.substring(0, MAX_LENGTH) : safe;
    }
}
