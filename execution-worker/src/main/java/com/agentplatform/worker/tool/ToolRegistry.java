package com.agentplatform.worker.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The tools this worker can run, by name. */
@Component
public class ToolRegistry {

    private final Map<String, AgentTool> byName;

    public ToolRegistry(List<AgentTool> tools) {
        this.byName = tools.stream().collect(Collectors.toUnmodifiableMap(AgentTool::name, Function.identity()));
    }

    public Optional<AgentTool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
