package com.agentplatform.worker.tool;

import com.agentplatform.common.tool.BuiltInTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

@Component
class CurrentTimeTool implements AgentTool {

    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(BuiltInTool.CURRENT_TIME.toolName())
            .description(BuiltInTool.CURRENT_TIME.description())
            .parameters(JsonObjectSchema.builder().build())
            .build();

    private final Clock clock;

    CurrentTimeTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ToolSpecification specification() {
        return SPECIFICATION;
    }

    @Override
    public String execute(String argumentsJson) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
