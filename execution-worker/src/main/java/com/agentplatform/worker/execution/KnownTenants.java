package com.agentplatform.worker.execution;

import com.agentplatform.common.id.TenantId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tenants known to exist, remembered once seen (tenants are never deleted, so the set is as large as the platform's
 * tenant list and no larger): a wake-up naming an unknown tenant is poison, and checking costs one query per poll
 * only for tenants not seen before.
 */
@Component
class KnownTenants {

    private final JdbcClient jdbc;
    private final Set<TenantId> known = ConcurrentHashMap.newKeySet();

    KnownTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Set<TenantId> unknownAmong(Collection<TenantId> tenants) {
        Set<TenantId> unseen = new HashSet<>(tenants);
        unseen.removeAll(known);
        if (unseen.isEmpty()) {
            return Set.of();
        }
        List<UUID> found = jdbc.sql("select id from tenants where id = any(:ids)")
                .param("ids", unseen.stream().map(TenantId::value).toArray(UUID[]::new))
                .query(UUID.class)
                .list();
        found.forEach(id -> known.add(new TenantId(id)));
        unseen.removeIf(tenant -> known.contains(tenant));
        return unseen;
    }
}
