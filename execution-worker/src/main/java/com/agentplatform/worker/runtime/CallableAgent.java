package com.agentplatform.worker.runtime;

import com.agentplatform.common.agent.AgentToolNames;
import com.agentplatform.common.json.JsonMapping;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A stored agent a run may call as a tool: the model sees a tool named after it, with one {@code input} parameter;
 * a call starts the agent as a child execution.
 *
 * @param tool        the tool's name ({@link AgentToolNames#of})
 * @param agentId     the stored agent
 * @param name        the agent's own name
 * @param description what the agent's owner wrote about it, or null
 */
public record CallableAgent(String tool, UUID agentId, String name, String description) {

    public ToolSpecification specification() {
        String about = description == null || description.isBlank() ? "" : ": " + description.strip();
        return ToolSpecification.builder()
                .name(tool)
                .description(AgentToolNames.DESCRIPTION_PREFIX + "'" + name + "'" + about
                        + ". Give it the whole task in 'input'; it answers with its result.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty(AgentToolNames.INPUT, "the task for the agent, in words")
                        .required(AgentToolNames.INPUT)
                        .build())
                .build();
    }

    /**
     * The task the model gave: its {@code input} argument, or its whole arguments when they are not such an object.
     * Without NUL (a JSON escape may decode to one), which PostgreSQL cannot store as the child's input.
     */
    static String inputOf(String arguments) {
        return StoredText.withoutNul(taskIn(arguments));
    }

    private static String taskIn(String arguments) {
        try {
            JsonNode input = JsonMapping.messages().readTree(arguments == null ? "" : arguments).get(AgentToolNames.INPUT);
            if (input != null && input.isString() && !input.asString().isBlank()) {
                return input.asString();
            }
        } catch (JacksonException notJson) {
            // the model wrote plain text: that is the task
        }
        return arguments == null || arguments.isBlank() ? "(no input given)" : arguments;
    }
}
