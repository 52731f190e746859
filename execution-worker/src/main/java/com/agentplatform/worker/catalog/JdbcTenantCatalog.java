package com.agentplatform.worker.catalog;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.secret.SecretCipher;
import com.agentplatform.common.secret.UnreadableSecretException;
import com.agentplatform.common.tool.ToolHeaders;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.tool.TenantFacts;
import com.agentplatform.worker.tool.TenantToolSource;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolUnavailableException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Tenant tools and tenant facts from PostgreSQL, always filtered by the tenant of the run. A tool's secret headers
 * are stored sealed by the gateway; they are opened here, so only the run that sends them holds them in clear.
 */
@Component
class JdbcTenantCatalog implements TenantToolSource, TenantFacts {

    private static final Logger log = LoggerFactory.getLogger(JdbcTenantCatalog.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final SecretCipher secrets;

    JdbcTenantCatalog(JdbcClient jdbc, WorkerSettings settings) {
        this.jdbc = jdbc;
        this.secrets = SecretCipher.of(settings.secrets());
        if (!secrets.canSeal()) {
            log.warn("No secrets key (PLATFORM_SECRETS_KEY): tenant tools with secret headers are unavailable on this worker");
        }
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
                .list()
                .stream()
                .map(definition -> opened(context, definition))
                .toList();
    }

    /** The definition with its sealed header values opened; values stored in plain text (older tools) pass as they are. */
    private TenantToolDefinition opened(ToolContext context, TenantToolDefinition definition) {
        if (!(definition.config().get("headers") instanceof Map<?, ?> headers)) {
            return definition;
        }
        Map<String, Object> opened = new LinkedHashMap<>();
        headers.forEach((key, value) -> {
            String name = String.valueOf(key);
            String text = String.valueOf(value);
            try {
                opened.put(name, SecretCipher.isSealed(text)
                        ? secrets.open(text, ToolHeaders.secretContext(context.tenant(), definition.name(), name)) : text);
            } catch (UnreadableSecretException e) {
                throw new ToolUnavailableException("tool '" + definition.name() + "': header '" + name
                        + "' cannot be decrypted on this worker: " + e.getMessage(), null);
            }
        });
        Map<String, Object> config = new LinkedHashMap<>(definition.config());
        config.put("headers", opened);
        return new TenantToolDefinition(definition.name(), definition.description(), definition.kind(), config);
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
