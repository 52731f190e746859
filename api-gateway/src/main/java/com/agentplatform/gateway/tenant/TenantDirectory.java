package com.agentplatform.gateway.tenant;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.gateway.GatewaySettings;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private static final String TENANT_COLUMNS = "id, name, rate_limit_per_minute, max_concurrent_executions, "
            + "max_queued_executions, max_concurrent_streams, max_concurrent_streams_per_key, created_at, updated_at";
    private static final String AUTHENTICATED_COLUMNS =
            "t.id, t.name, t.rate_limit_per_minute, t.max_queued_executions, t.max_concurrent_streams, t.max_concurrent_streams_per_key";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final GatewaySettings.TenantDefaults defaults;

    TenantDirectory(JdbcClient jdbc, Clock clock, GatewaySettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.defaults = settings.tenantDefaults();
    }

    /** The tenant of a live (not revoked) key, or empty: unknown, malformed and revoked keys look the same. */
    Optional<AuthenticatedTenant> findByApiKey(String presentedKey) {
        return jdbc.sql("""
                select %s, k.id as key_id, k.key_hash
                from api_keys k join tenants t on t.id = k.tenant_id
                where k.prefix = :prefix and k.revoked_at is null""".formatted(AUTHENTICATED_COLUMNS))
                .param("prefix", ApiKeys.prefixOf(presentedKey))
                .query((rs, row) -> ApiKeys.matches(presentedKey, rs.getBytes("key_hash"))
                        ? authenticated(rs, rs.getObject("key_id", UUID.class)) : null)
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** The named tenant, acting through the key {@code apiKeyId} (a single-tenant deployment's pin). */
    Optional<AuthenticatedTenant> findAuthenticatedByName(String name, UUID apiKeyId) {
        return jdbc.sql("select " + AUTHENTICATED_COLUMNS + " from tenants t where t.name = :name")
                .param("name", name)
                .query((rs, row) -> authenticated(rs, apiKeyId))
                .optional();
    }

    List<Tenant> list() {
        return jdbc.sql("select " + TENANT_COLUMNS + " from tenants order by created_at, id").query(TenantDirectory::tenant).list();
    }

    Optional<Tenant> find(UUID id) {
        return jdbc.sql("select " + TENANT_COLUMNS + " from tenants where id = :id").param("id", id)
                .query(TenantDirectory::tenant).optional();
    }

    Optional<Tenant> findByName(String name) {
        return jdbc.sql("select " + TENANT_COLUMNS + " from tenants where name = :name").param("name", name)
                .query(TenantDirectory::tenant).optional();
    }

    /** Inserts a tenant, or returns empty when the name is taken. */
    Optional<Tenant> create(TenantRequests.TenantBody body) {
        Instant now = clock.instant();
        UUID id = UuidV7.next();
        int inserted = jdbc.sql("""
                insert into tenants (id, name, rate_limit_per_minute, max_concurrent_executions, max_queued_executions,
                                     max_concurrent_streams, max_concurrent_streams_per_key, created_at, updated_at)
                values (:id, :name, :rate, :concurrent, :queued, :streams, :streams_per_key, :now, :now)
                on conflict (name) do nothing""")
                .param("id", id)
                .param("name", body.name())
                .param("rate", orDefault(body.rateLimitPerMinute(), defaults.rateLimitPerMinute()))
                .param("concurrent", orDefault(body.maxConcurrentExecutions(), defaults.maxConcurrentExecutions()))
                .param("queued", orDefault(body.maxQueuedExecutions(), defaults.maxQueuedExecutions()))
                .param("streams", orDefault(body.maxConcurrentStreams(), defaults.maxConcurrentStreams()))
                .param("streams_per_key", orDefault(body.maxConcurrentStreamsPerKey(), defaults.maxConcurrentStreamsPerKey()))
                .param("now", timestamp(now))
                .update();
        return inserted == 1 ? find(id) : Optional.empty();
    }

    /** Applies the fields given; empty when there is no such tenant. */
    Optional<Tenant> update(UUID id, TenantRequests.TenantBody body) {
        int updated = jdbc.sql("""
                update tenants set
                    name = coalesce(:name, name),
                    rate_limit_per_minute = coalesce(:rate, rate_limit_per_minute),
                    max_concurrent_executions = coalesce(:concurrent, max_concurrent_executions),
                    max_queued_executions = coalesce(:queued, max_queued_executions),
                    max_concurrent_streams = coalesce(:streams, max_concurrent_streams),
                    max_concurrent_streams_per_key = coalesce(:streams_per_key, max_concurrent_streams_per_key),
                    updated_at = :now
                where id = :id""")
                .param("id", id)
                .param("name", body.name(), java.sql.Types.VARCHAR)
                .param("rate", body.rateLimitPerMinute(), java.sql.Types.INTEGER)
                .param("concurrent", body.maxConcurrentExecutions(), java.sql.Types.INTEGER)
                .param("queued", body.maxQueuedExecutions(), java.sql.Types.INTEGER)
                .param("streams", body.maxConcurrentStreams(), java.sql.Types.INTEGER)
                .param("streams_per_key", body.maxConcurrentStreamsPerKey(), java.sql.Types.INTEGER)
                .param("now", timestamp(clock.instant()))
                .update();
        return updated == 1 ? find(id) : Optional.empty();
    }

    IssuedApiKey issueKey(TenantId tenant, String name) {
        return addKey(tenant, name, ApiKeys.generate());
    }

    IssuedApiKey addKey(TenantId tenant, String name, String key) {
        Instant now = clock.instant();
        UUID id = UuidV7.next();
        jdbc.sql("""
                insert into api_keys (id, tenant_id, name, prefix, key_hash, created_at)
                values (:id, :tenant, :name, :prefix, :hash, :now)""")
                .param("id", id)
                .param("tenant", tenant.value())
                .param("name", name)
                .param("prefix", ApiKeys.prefixOf(key))
                .param("hash", ApiKeys.hash(key))
                .param("now", timestamp(now))
                .update();
        return new IssuedApiKey(id, key, ApiKeys.prefixOf(key), name, now);
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

    /** Revokes at once: the next request with the key, on any gateway, is refused. */
    boolean revokeKey(TenantId tenant, UUID keyId) {
        return jdbc.sql("update api_keys set revoked_at = coalesce(revoked_at, :now) where tenant_id = :tenant and id = :id")
                .param("now", timestamp(clock.instant()))
                .param("tenant", tenant.value())
                .param("id", keyId)
                .update() == 1;
    }

    private static AuthenticatedTenant authenticated(ResultSet rs, UUID apiKeyId) throws SQLException {
        return new AuthenticatedTenant(new TenantId(rs.getObject("id", UUID.class)), rs.getString("name"),
                rs.getInt("rate_limit_per_minute"), rs.getInt("max_queued_executions"), rs.getInt("max_concurrent_streams"),
                rs.getInt("max_concurrent_streams_per_key"), apiKeyId);
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("rate_limit_per_minute"),
                rs.getInt("max_concurrent_executions"), rs.getInt("max_queued_executions"), rs.getInt("max_concurrent_streams"),
                rs.getInt("max_concurrent_streams_per_key"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
