package com.agentplatform.worker.catalog;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.tool.TenantFacts;
import com.agentplatform.worker.tool.TenantToolSource;
import com.agentplatform.worker.tool.ToolContext;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** Tenant tools and tenant facts from PostgreSQL, always filtered by the tenant of the run. */
@Component
class JdbcTenantCatalog implements TenantToolSource, TenantFacts {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    JdbcTenantCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<TenantToolDefinition> find(ToolContext context, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select name, description, kind, config::text as config from tools where tenant_id = :tenant and name in (:names)")
                .param("tenant", context.tenant().value())
                .param("names", names)
                .query((rs, row) -> new TenantToolDefinition(rs.getString("name"), rs.getString("description"),
                        rs.getString("kind"), JsonMapping.messages().readValue(rs.getString("config"), MAP)))
                .list();
    }

    @Override
    public Map<String, Object> describe(ToolContext context) {
        return jdbc.sql("""
                select t.name, t.rate_limit_per_minute, t.max_concurrent_executions, t.max_queued_executions,
                       (select count(*) from executions e where e.tenant_id = t.id and e.status = 'running') as running,
                       (select count(*) from executions e where e.tenant_id = t.id and e.status = 'queued') as queued
                from tenants t where t.id = :tenant""")
                .param("tenant", context.tenant().value())
                .query((rs, row) -> {
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("tenant", rs.getString("name"));
                    facts.put("limits", Map.of("rate_limit_per_minute", rs.getInt("rate_limit_per_minute"),
                            "max_concurrent_executions", rs.getInt("max_concurrent_executions"),
                            "max_queued_executions", rs.getInt("max_queued_executions")));
                    facts.put("usage", Map.of("running_executions", rs.getLong("running"), "queued_executions", rs.getLong("queued")));
                    return facts;
                })
                .single();
    }
}
