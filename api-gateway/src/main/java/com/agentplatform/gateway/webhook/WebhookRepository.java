package com.agentplatform.gateway.webhook;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Webhook endpoints and their deliveries; every method takes the tenant first. */
@Repository
class WebhookRepository {

    /** Event names hold no comma, so a comma-joined list is their array's text in both directions. */
    private static final String COLUMNS = """
            id, url, array_to_string(events, ',') as events, description, enabled, created_at, updated_at""";
    private static final String DELIVERY_COLUMNS = """
            id, event_type, execution_id, attempt, status, response_status, duration_ms, next_attempt_at, created_at""";

    private final JdbcClient jdbc;

    WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }


    long count(TenantId tenant) {
        return jdbc.sql("select count(*) from webhook_endpoints where tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Long.class)
                .single();
    }

    void insert(TenantId tenant, WebhookView endpoint, String sealedSecret) {
        jdbc.sql("""
                insert into webhook_endpoints (id, tenant_id, url, events, description, secret, enabled, created_at, updated_at)
                values (:id, :tenant, :url, string_to_array(:events, ','), :description, :secret, true, :now, :now)""")
                .param("id", endpoint.id())
                .param("tenant", tenant.value())
                .param("url", endpoint.url())
                .param("events", String.join(",", endpoint.events()))
                .param("description", endpoint.description(), Types.VARCHAR)
                .param("secret", sealedSecret)
                .param("now", timestamp(endpoint.createdAt()))
                .update();
    }

    Optional<WebhookView> find(TenantId tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(WebhookRepository::view)
                .optional();
    }

    /** Newest first; {@code after} is the last id of the previous page; one row more than {@code limit}. */
    List<WebhookView> list(TenantId tenant, UUID after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from webhook_endpoints
                where tenant_id = :tenant and (cast(:after as uuid) is null or id < :after)
                order by id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("after", after, Types.OTHER)
                .param("limit", limit + 1)
                .query(WebhookRepository::view)
                .list();
    }

    /** Writes the endpoint's changeable fields; turning it on forgets since when it was failing. */
    boolean update(TenantId tenant, WebhookView endpoint) {
        return jdbc.sql("""
                update webhook_endpoints
                set url = :url, events = string_to_array(:events, ','), description = :description,
                    failing_since = case when :enabled and not enabled then null else failing_since end,
                    enabled = :enabled, updated_at = :now
                where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant.value())
                .param("id", endpoint.id())
                .param("url", endpoint.url())
                .param("events", String.join(",", endpoint.events()))
                .param("description", endpoint.description(), Types.VARCHAR)
                .param("enabled", endpoint.enabled())
                .param("now", timestamp(endpoint.updatedAt()))
                .update() == 1;
    }

    boolean replaceSecret(TenantId tenant, UUID id, String sealedSecret, Instant now) {
        return jdbc.sql("update webhook_endpoints set secret = :secret, updated_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .param("secret", sealedSecret)
                .param("now", timestamp(now))
                .update() == 1;
    }

    /** Deletes the endpoint with its deliveries (the foreign key cascades). */
    boolean delete(TenantId tenant, UUID id) {
        return jdbc.sql("delete from webhook_endpoints where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
    }

    /** Newest first; one row more than {@code limit}. */
    List<DeliveryView> deliveries(TenantId tenant, UUID endpoint, UUID after, int limit) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + """
                 from webhook_deliveries
                where endpoint_id = :endpoint and tenant_id = :tenant and (cast(:after as uuid) is null or id < :after)
                order by id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("endpoint", endpoint)
                .param("after", after, Types.OTHER)
                .param("limit", limit + 1)
                .query(WebhookRepository::delivery)
                .list();
    }

    Optional<String> deliveryStatus(TenantId tenant, UUID endpoint, UUID delivery) {
        return jdbc.sql("select status from webhook_deliveries where id = :id and endpoint_id = :endpoint and tenant_id = :tenant")
                .param("tenant", tenant.value())
                .param("endpoint", endpoint)
                .param("id", delivery)
                .query(String.class)
                .optional();
    }

    /**
     * Makes a finished delivery due again, under its own id. A pending one is left alone: a sender may hold it right
     * now, and moving its next attempt would let another sender send the same attempt.
     */
    boolean redeliver(TenantId tenant, UUID endpoint, UUID delivery, Instant now) {
        return jdbc.sql("""
                update webhook_deliveries set status = 'pending', next_attempt_at = :now
                where id = :id and endpoint_id = :endpoint and tenant_id = :tenant and status <> 'pending'""")
                .param("tenant", tenant.value())
                .param("endpoint", endpoint)
                .param("id", delivery)
                .param("now", timestamp(now))
                .update() == 1;
    }

    private static WebhookView view(ResultSet rs, int row) throws SQLException {
        return new WebhookView(rs.getObject("id", UUID.class), rs.getString("url"),
                Arrays.asList(rs.getString("events").split(",")), rs.getString("description"), rs.getBoolean("enabled"),
                null, instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static DeliveryView delivery(ResultSet rs, int row) throws SQLException {
        return new DeliveryView(rs.getObject("id", UUID.class), rs.getString("event_type"),
                rs.getObject("execution_id", UUID.class), rs.getInt("attempt"), rs.getString("status"),
                rs.getObject("response_status", Integer.class), rs.getObject("duration_ms", Long.class),
                instant(rs, "next_attempt_at"), instant(rs, "created_at"));
    }
}
