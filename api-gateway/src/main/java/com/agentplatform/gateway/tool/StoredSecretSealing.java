package com.agentplatform.gateway.tool;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * When a gateway with a secrets key starts, it seals the secret headers stored in plain text before sealing
 * existed, and re-seals those sealed with a previous key (after a rotation) with the current one. Workers read
 * either form meanwhile, so nothing waits for this. Each row is rewritten only if nobody changed it since it was
 * read, so a tenant's concurrent edit always wins; gateways starting together do the same work harmlessly.
 */
@Component
class StoredSecretSealing {

    private static final Logger log = LoggerFactory.getLogger(StoredSecretSealing.class);
    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final ToolSecrets secrets;

    StoredSecretSealing(JdbcClient jdbc, ToolSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealStoredSecrets() {
        if (!secrets.canSeal()) {
            return;
        }
        try {
            int sealed = sealAll();
            if (sealed > 0) {
                log.info("Sealed the secret headers of {} tool(s) stored in plain text or under a previous key", sealed);
            }
        } catch (RuntimeException e) {
            log.warn("Sealing stored tool secrets failed; the next start tries again: {}", e.toString());
        }
    }

    /** Returns how many tools it rewrote. */
    int sealAll() {
        int sealed = 0;
        UUID after = new UUID(0, 0); // the smallest in PostgreSQL's (unsigned, bytewise) order
        List<StoredTool> batch;
        do {
            batch = jdbc.sql("""
                    select id, tenant_id, name, config::text as config from tools
                    where kind = 'http' and config -> 'headers' is not null and id > :after
                    order by id limit :batch""")
                    .param("after", after)
                    .param("batch", BATCH)
                    .query((rs, row) -> new StoredTool(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                            rs.getString("name"), rs.getString("config")))
                    .list();
            for (StoredTool tool : batch) {
                sealed += seal(tool) ? 1 : 0;
                after = tool.id();
            }
        } while (batch.size() == BATCH);
        return sealed;
    }

    private boolean seal(StoredTool tool) {
        Map<String, Object> config = JSON.readValue(tool.config(), MAP);
        Map<String, Object> resealed = secrets.resealed(tool.tenant(), tool.name(), config);
        if (resealed == config) {
            return false;
        }
        return jdbc.sql("update tools set config = cast(:config as jsonb) where id = :id and config = cast(:seen as jsonb)")
                .param("config", JSON.writeValueAsString(resealed))
                .param("id", tool.id())
                .param("seen", tool.config())
                .update() == 1;
    }

    private record StoredTool(UUID id, TenantId tenant, String name, String config) {
    }
}
