package com.agentplatform.gateway.agent;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.agent.AgentToolNames;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The graph of agents calling agents as tools, checked whenever an agent is written (and for an inline agent at submit):
 * every agent named is the tenant's ({@code 400 UNKNOWN_AGENT}), no agent reaches itself ({@code 400 AGENT_CYCLE}), no
 * chain of calls is longer than {@code platform.gateway.agent-tools.max-depth} ({@code 400 AGENT_TOO_DEEP}), and no
 * agent offers two tools of one name ({@code 400 TOOL_NAME_COLLISION}). The check reads all of the tenant's agents and
 * runs under the tenant's lock in the transaction that writes, so two concurrent edits cannot close a cycle together.
 */
@Component
public class AgentGraph {

    private final JdbcClient jdbc;
    private final int maxDepth;

    AgentGraph(JdbcClient jdbc, GatewaySettings settings) {
        this.jdbc = jdbc;
        this.maxDepth = settings.agentTools().maxDepth();
    }

    private record Node(UUID id, String name, List<String> tools, List<UUID> agents) {
    }

    static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks {@code spec} as agent {@code self} would be stored (a new id for a create), or as an inline agent when
     * {@code self} is null. Throws the refusal; run under the tenant's lock.
     */
    public void check(TenantId tenant, UUID self, AgentSpec spec) {
        if (spec.agents().isEmpty() && self == null) {
            return;
        }
        Map<UUID, Node> nodes = load(tenant);
        UUID id = self == null ? new UUID(0, 0) : self;
        Node edited = new Node(id, spec.name(), spec.tools(), spec.agents().stream().map(UUID::fromString).toList());
        nodes.put(id, edited);
        List<UUID> missing = edited.agents().stream()
                .filter(agent -> !nodes.containsKey(agent) || (self == null && agent.equals(id)))
                .toList();
        if (!missing.isEmpty()) {
            throw refusal("UNKNOWN_AGENT", "no agents " + missing + " of this tenant");
        }
        List<UUID> cycle = pathBack(nodes, id, id, new ArrayList<>());
        if (cycle != null) {
            throw refusal("AGENT_CYCLE", "the agents would call each other in a cycle: " + names(nodes, cycle));
        }
        Map<UUID, Integer> heights = new HashMap<>();
        for (Node node : nodes.values()) {
            if (height(nodes, node.id(), heights) > maxDepth) {
                throw refusal("AGENT_TOO_DEEP", "agent '" + node.name() + "' would start chains of agents " + heights.get(node.id())
                        + " deep; at most " + maxDepth + " are allowed");
            }
        }
        for (Node node : nodes.values()) {
            if (node.id().equals(id) || node.agents().contains(id)) {
                checkNames(nodes, node);
            }
        }
    }

    /** A path from {@code from} back to {@code target}, or null; the graph without the edit has no cycle. */
    private static List<UUID> pathBack(Map<UUID, Node> nodes, UUID from, UUID target, List<UUID> path) {
        path.add(from);
        for (UUID next : nodes.get(from).agents()) {
            if (next.equals(target)) {
                path.add(next);
                return path;
            }
            if (nodes.containsKey(next) && !path.contains(next) && pathBack(nodes, next, target, path) != null) {
                return path;
            }
        }
        path.removeLast();
        return null;
    }

    private static int height(Map<UUID, Node> nodes, UUID id, Map<UUID, Integer> heights) {
        Integer known = heights.get(id);
        if (known != null) {
            return known;
        }
        int below = 0;
        for (UUID next : nodes.get(id).agents()) {
            if (nodes.containsKey(next)) {
                below = Math.max(below, 1 + height(nodes, next, heights));
            }
        }
        heights.put(id, below);
        return below;
    }

    private static void checkNames(Map<UUID, Node> nodes, Node node) {
        Map<String, String> offered = new LinkedHashMap<>();
        node.tools().forEach(tool -> offered.put(tool, "tool '" + tool + "'"));
        for (UUID agent : node.agents()) {
            Node called = nodes.get(agent);
            String tool = AgentToolNames.of(called.name(), called.id());
            String earlier = offered.putIfAbsent(tool, "agent '" + called.name() + "'");
            if (earlier != null) {
                throw refusal("TOOL_NAME_COLLISION", "agent '" + node.name() + "' would offer its model two tools named '"
                        + tool + "': " + earlier + " and agent '" + called.name() + "'; rename one of them");
            }
        }
    }

    private static String names(Map<UUID, Node> nodes, List<UUID> path) {
        return String.join(" → ", path.stream().map(id -> "'" + nodes.get(id).name() + "'").toList());
    }

    private static ApiException refusal(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message, List.of(new FieldError("agents", message)));
    }

    private Map<UUID, Node> load(TenantId tenant) {
        Map<UUID, Node> nodes = new HashMap<>();
        jdbc.sql("select id, name, tools, agents from agents where tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(AgentGraph::node)
                .list()
                .forEach(node -> nodes.put(node.id(), node));
        return nodes;
    }

    private static Node node(ResultSet rs, int row) throws SQLException {
        Array tools = rs.getArray("tools");
        Array agents = rs.getArray("agents");
        return new Node(rs.getObject("id", UUID.class), rs.getString("name"),
                tools == null ? List.of() : Arrays.asList((String[]) tools.getArray()),
                agents == null ? List.of() : Arrays.asList((UUID[]) agents.getArray()));
    }
}
