package com.agentplatform.gateway.tenant;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants and their API keys in PostgreSQL. */
@Repository
class TenantDirectory {

    private final JdbcClient jdbc;
    private final Clock clock;

    TenantDirectory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The tenant of a live (not revoked) key, or empty: unknown, malformed and revoked keys look the same. */
    Optional<AuthenticatedTenant> findByApiKey(String presentedKey) {
        List<KeyRow> candidates = jdbc.sql("""
                select k.tenant_id, t.name, k.key_hash
                from api_keys k join tenants t on t.id = k.tenant_id
                where k.prefix = :prefix and k.revoked_at is null""")
                .param("prefix", ApiKeys.prefixOf(presentedKey))
                .query((rs, row) -> new KeyRow(rs.getObject("tenant_id", UUID.class), rs.getString("name"), rs.getBytes("key_hash")))
                .list();
        return candidates.stream()
                .filter(candidate -> ApiKeys.matches(presentedKey, candidate.hash()))
                .findFirst()
                .map(match -> new AuthenticatedTenant(new TenantId(match.tenantId()), match.name()));
    }

    Optional<TenantId> findIdByName(String name) {
        return jdbc.sql("select id from tenants where name = :name")
                .param("name", name)
                .query(UUID.class)
                .optional()
                .map(TenantId::new);
    }

    TenantId create(String name) {
        Instant now = clock.instant();
        UUID id = UuidV7.next();
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, :now, :now)")
                .param("id", id)
                .param("name", name)
                .param("now", ExecutionJournal.timestamp(now))
                .update();
        return new TenantId(id);
    }

    boolean hasKey(TenantId tenant, String key) {
        return jdbc.sql("select key_hash from api_keys where tenant_id = :tenant and prefix = :prefix and revoked_at is null")
                .param("tenant", tenant.value())
                .param("prefix", ApiKeys.prefixOf(key))
                .query((rs, row) -> rs.getBytes(1))
                .list()
                .stream()
                .anyMatch(hash -> ApiKeys.matches(key, hash));
    }

    void addKey(TenantId tenant, String name, String key) {
        jdbc.sql("""
                insert into api_keys (id, tenant_id, name, prefix, key_hash, created_at)
                values (:id, :tenant, :name, :prefix, :hash, :now)""")
                .param("id", UuidV7.next())
                .param("tenant", tenant.value())
                .param("name", name)
                .param("prefix", ApiKeys.prefixOf(key))
                .param("hash", ApiKeys.hash(key))
                .param("now", ExecutionJournal.timestamp(clock.instant()))
                .update();
    }

    private record KeyRow(UUID tenantId, String name, byte[] hash) {
    }
}
