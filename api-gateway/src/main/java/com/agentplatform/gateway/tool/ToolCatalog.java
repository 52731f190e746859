package com.agentplatform.gateway.tool;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.tool.BuiltInTool;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools a tenant can give its agents: the built-in ones and its own. Secret headers of its own are stored
 * sealed and read masked ({@link ToolSecrets}).
 */
@Repository
public class ToolCatalog {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean webSearch;
    private final ToolSecrets secrets;
    private final TransactionTemplate transactions;

    ToolCatalog(JdbcClient jdbc, Clock clock, com.agentplatform.gateway.GatewaySettings settings, ToolSecrets secrets,
            TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secrets = secrets;
        this.transactions = transactions;
        this.webSearch = settings.webSearch() != null && !settings.webSearch().isBlank();
    }

    /** Built-in tools this deployment offers: those that need configuration only when configured. */
    private Optional<BuiltInTool> offered(String name) {
        return BuiltInTool.named(name).filter(tool -> !tool.needsConfiguration() || webSearch);
    }

    List<ToolView> visibleTo(TenantId tenant) {
        List<ToolView> tools = new ArrayList<>();
        for (BuiltInTool tool : BuiltInTool.values()) {
            if (offered(tool.toolName()).isEmpty()) {
                continue;
            }
            tools.add(new ToolView(tool.toolName(), tool.description(), "builtin", JSON.readValue(tool.parametersSchema(), MAP),
                    null, null, null));
        }
        tools.addAll(jdbc.sql("select * from tools where tenant_id = :tenant order by name")
                .param("tenant", tenant.value())
                .query(this::view)
                .list());
        return tools;
    }

    Optional<ToolView> find(TenantId tenant, String name) {
        Optional<BuiltInTool> builtIn = offered(name);
        if (builtIn.isPresent()) {
            BuiltInTool tool = builtIn.get();
            return Optional.of(new ToolView(tool.toolName(), tool.description(), "builtin",
                    JSON.readValue(tool.parametersSchema(), MAP), null, null, null));
        }
        return jdbc.sql("select * from tools where tenant_id = :tenant and name = :name")
                .param("tenant", tenant.value())
                .param("name", name)
                .query(this::view)
                .optional();
    }

    /**
     * The JSON schema of a tool's arguments: a built-in tool's, or the tenant's {@code http} tool's. Empty for a name
     * that is neither, and for the tools of an MCP server, whose schemas are known only to the run that discovers them.
     */
    public Optional<Map<String, Object>> parameters(TenantId tenant, String name) {
        return find(tenant, name).filter(tool -> !"mcp".equals(tool.kind())).map(ToolView::parameters);
    }

    /** The names that are neither built in nor this tenant's, in the order given. */
    public List<String> unknown(TenantId tenant, Collection<String> names) {
        Set<String> known = new HashSet<>();
        List<String> candidates = names.stream().filter(name -> offered(name).isEmpty()).toList();
        if (!candidates.isEmpty()) {
            known.addAll(jdbc.sql("select name from tools where tenant_id = :tenant and name in (:names)")
                    .param("tenant", tenant.value())
                    .param("names", candidates)
                    .query(String.class)
                    .list());
        }
        return candidates.stream().filter(name -> !known.contains(name)).toList();
    }

    /** Inserts, or returns false when the tenant already has a tool of that name. */
    boolean create(TenantId tenant, ToolBody body) {
        Instant now = clock.instant();
        return jdbc.sql("""
                insert into tools (id, tenant_id, name, description, kind, config, created_at, updated_at)
                values (:id, :tenant, :name, :description, :kind, cast(:config as jsonb), :now, :now)
                on conflict (tenant_id, name) do nothing""")
                .param("id", UuidV7.next())
                .param("tenant", tenant.value())
                .param("name", body.name())
                .param("description", body.description())
                .param("kind", body.kind())
                .param("config", JSON.writeValueAsString(secrets.sealed(tenant, body.name(), body.config(), Map.of())))
                .param("now", timestamp(now))
                .update() == 1;
    }

    /** Replaces a tenant's tool; a secret header sent as the mask keeps the value stored now (read under lock). */
    boolean replace(TenantId tenant, String name, ToolBody body) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Optional<Map<String, Object>> stored = jdbc.sql("select config::text from tools where tenant_id = :tenant and name = :name for update")
                    .param("tenant", tenant.value())
                    .param("name", name)
                    .query((rs, row) -> JSON.readValue(rs.getString(1), MAP))
                    .optional();
            if (stored.isEmpty()) {
                return false;
            }
            return jdbc.sql("""
                    update tools set description = :description, kind = :kind, config = cast(:config as jsonb), updated_at = :now
                    where tenant_id = :tenant and name = :name""")
                    .param("tenant", tenant.value())
                    .param("name", name)
                    .param("description", body.description())
                    .param("kind", body.kind())
                    .param("config", JSON.writeValueAsString(secrets.sealed(tenant, name, body.config(), stored.get())))
                    .param("now", timestamp(clock.instant()))
                    .update() == 1;
        }));
    }

    boolean delete(TenantId tenant, String name) {
        return jdbc.sql("delete from tools where tenant_id = :tenant and name = :name")
                .param("tenant", tenant.value())
                .param("name", name)
                .update() == 1;
    }

    private ToolView view(ResultSet rs, int row) throws SQLException {
        Map<String, Object> config = secrets.masked(JSON.readValue(rs.getString("config"), MAP));
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = config.get("parameters") instanceof Map<?, ?> schema
                ? (Map<String, Object>) schema : Map.of("type", "object", "properties", Map.of());
        return new ToolView(rs.getString("name"), rs.getString("description"), rs.getString("kind"), parameters, config,
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
