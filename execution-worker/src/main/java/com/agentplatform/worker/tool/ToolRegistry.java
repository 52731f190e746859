package com.agentplatform.worker.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The tools an agent may use: the built-in ones this worker runs, and the tenant's own. */
@Component
public class ToolRegistry {

    private final Map<String, AgentTool> builtIn;
    private final TenantToolSource tenantTools;
    private final TenantToolFactory factory;

    @Autowired
    public ToolRegistry(List<AgentTool> builtIn, TenantToolSource tenantTools, TenantToolFactory factory) {
        this.builtIn = builtIn.stream().collect(Collectors.toUnmodifiableMap(AgentTool::name, Function.identity()));
        this.tenantTools = tenantTools;
        this.factory = factory;
    }

    /** Built-in tools only, for tests of the runtime itself. */
    public ToolRegistry(List<AgentTool> builtIn) {
        this(builtIn, TenantToolSource.NONE, null);
    }

    public Optional<AgentTool> find(String name) {
        return Optional.ofNullable(builtIn.get(name));
    }

    /**
     * The tools named, for one tenant's run, or the first name that is neither built in nor the tenant's. The
     * result holds open connections (MCP servers); close it when the run ends.
     */
    public Resolved resolve(ToolContext context, List<String> names) {
        Map<String, AgentTool> tools = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (String name : names) {
            AgentTool tool = builtIn.get(name);
            if (tool == null) {
                others.add(name);
            } else {
                tools.put(name, tool);
            }
        }
        List<AutoCloseable> resources = new ArrayList<>();
        if (!others.isEmpty()) {
            Map<String, TenantToolSource.TenantToolDefinition> definitions = tenantTools.find(context, others).stream()
                    .collect(Collectors.toMap(TenantToolSource.TenantToolDefinition::name, Function.identity()));
            for (String name : others) {
                TenantToolSource.TenantToolDefinition definition = definitions.get(name);
                if (definition == null || factory == null) {
                    closeAll(resources);
                    return new Resolved(List.of(), List.of(), name);
                }
                TenantToolFactory.Built built = factory.build(definition);
                built.tools().forEach(tool -> tools.put(tool.name(), tool));
                resources.addAll(built.resources());
            }
        }
        return new Resolved(List.copyOf(tools.values()), resources, null);
    }

    /** Tools ready for a run, or the name of one that is not available. */
    public record Resolved(List<AgentTool> tools, List<AutoCloseable> resources, String missing) implements AutoCloseable {

        @Override
        public void close() {
            closeAll(resources);
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // a connection that fails to close is gone anyway
            }
        }
    }
}
