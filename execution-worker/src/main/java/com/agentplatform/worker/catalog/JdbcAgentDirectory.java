package com.agentplatform.worker.catalog;

import com.agentplatform.common.agent.AgentToolNames;
import com.agentplatform.common.execution.Delegations;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.runtime.AgentDirectory;
import com.agentplatform.worker.runtime.CallableAgent;
import com.agentplatform.worker.tool.ToolContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tenant's stored agents a run may call, read when the run starts (a renamed agent is offered under its new name
 * from the next attempt on). A run already {@code max-depth} executions below its top-level one is offered none: the
 * gateway refuses deeper definitions, and this holds when agents were edited after the run began.
 */
@Component
class JdbcAgentDirectory implements AgentDirectory {

    private final JdbcClient jdbc;
    private final Delegations delegations;
    private final int maxDepth;

    JdbcAgentDirectory(JdbcClient jdbc, Delegations delegations, WorkerSettings settings) {
        this.jdbc = jdbc;
        this.delegations = delegations;
        this.maxDepth = settings.agentTools().maxDepth();
    }

    @Override
    public List<CallableAgent> callable(ToolContext context, List<String> agentIds) {
        List<UUID> ids = agentIds.stream().map(JdbcAgentDirectory::uuid).filter(id -> id != null).toList();
        if (ids.isEmpty() || context.execution() == null
                || delegations.depth(context.tenant(), context.execution(), maxDepth) >= maxDepth) {
            return List.of();
        }
        Map<UUID, CallableAgent> found = new LinkedHashMap<>();
        jdbc.sql("select id, name, description from agents where tenant_id = :tenant and id in (:ids)")
                .param("tenant", context.tenant().value())
                .param("ids", ids)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new CallableAgent(AgentToolNames.of(rs.getString("name"), id), id, rs.getString("name"),
                            rs.getString("description"));
                })
                .list()
                .forEach(agent -> found.put(agent.agentId(), agent));
        List<CallableAgent> inOrder = new ArrayList<>();
        ids.stream().map(found::get).filter(agent -> agent != null).forEach(inOrder::add);
        return inOrder;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
