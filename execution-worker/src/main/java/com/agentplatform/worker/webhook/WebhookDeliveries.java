package com.agentplatform.worker.webhook;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The delivery rows senders claim and settle, and the retention sweep deletes. */
@Repository
class WebhookDeliveries {

    private static final JsonMapper JSON = JsonMapping.messages();

    /**
     * Locks enabled endpoints with due deliveries that are not at their bound of deliveries in flight (as far as this
     * statement's snapshot shows), skipping those another worker is claiming for right now. Holding an endpoint's lock
     * is what makes its bound exact across workers: only its holder claims for it, and counts what is in flight after
     * taking the lock. NO KEY UPDATE, so a transition inserting a delivery (its foreign key's KEY SHARE) never waits.
     * The scan takes the oldest due deliveries first, of enabled endpoints only: a disabled endpoint's backlog (kept
     * pending, for when it is enabled again) or a full endpoint's never fills it.
     */
    private static final String LOCK_ENDPOINTS = """
            select w.id from webhook_endpoints w
            where w.enabled and w.id in (
                select d.endpoint_id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
                where e.enabled and d.status = 'pending' and d.next_attempt_at <= :now
                  and d.endpoint_id not in (
                      select s.endpoint_id from webhook_deliveries s where s.sending_until > :now
                      group by s.endpoint_id having count(*) >= :perEndpoint)
                order by d.next_attempt_at
                limit :scan)
            for no key update of w skip locked""";

    /**
     * Claims, of each locked endpoint, its oldest due deliveries up to its room (the bound less those in flight on
     * any worker): the attempt is counted, and both the next attempt and the lease move past this one's deadline, so
     * no other worker sends it or counts the endpoint idle meanwhile. Should this worker die, both pass together.
     */
    private static final String CLAIM = """
            with room as (
                select e.id, :perEndpoint - (select count(*) from webhook_deliveries s
                                             where s.endpoint_id = e.id and s.sending_until > :now) as free
                from unnest(cast(string_to_array(:endpoints, ',') as uuid[])) as e (id)),
            picked as (
                select p.id from room r cross join lateral (
                    select d.id, d.next_attempt_at from webhook_deliveries d
                    where d.endpoint_id = r.id and d.status = 'pending' and d.next_attempt_at <= :now
                    order by d.next_attempt_at
                    limit greatest(r.free, 0)
                    for update of d skip locked) p
                order by p.next_attempt_at
                limit :batch)
            update webhook_deliveries d set attempt = d.attempt + 1, next_attempt_at = :leaseUntil,
                sending_until = :leaseUntil
            from picked p join webhook_deliveries s on s.id = p.id join webhook_endpoints w on w.id = s.endpoint_id
                left join executions e on e.id = s.execution_id
                left join workflow_runs r on r.id = s.workflow_run_id
            where d.id = p.id
            returning d.id, d.tenant_id, d.endpoint_id, d.event_type, d.event_at, d.attempt, w.url, w.secret,
                      e.id as execution_id, coalesce(e.status, r.status) as status, e.agent_id, e.model,
                      coalesce(e.result, r.result) as result, coalesce(e.error_code, case when r.error_message is not null
                          then 'STEP_FAILED' end) as error_code, coalesce(e.error_message, r.error_message) as error_message,
                      coalesce(e.metadata, r.metadata)::text as metadata, e.thread_id,
                      r.id as workflow_run_id, r.workflow_id,
                      coalesce(e.created_at, r.created_at) as created_at, coalesce(e.started_at, r.started_at) as started_at,
                      coalesce(e.finished_at, r.finished_at) as finished_at""";

    /**
     * One small batch of settled deliveries created before the cut-off, deleted only by the sweep holding the lock
     * (the others find it taken and do nothing), so workers do not contend for the same rows.
     */
    private static final String DELETE_SETTLED = """
            delete from webhook_deliveries where id in (
                select id from webhook_deliveries
                where status <> 'pending' and created_at < :before
                order by created_at
                limit :batch)""";

    /** The advisory lock one retention sweep at a time holds, in its transaction. */
    private static final String RETENTION_LOCK = "select pg_try_advisory_xact_lock(hashtext('webhook_deliveries_retention'))";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    WebhookDeliveries(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Claims up to {@code batch} due deliveries, at most {@code perEndpoint} of one endpoint in flight across every
     * worker. Two statements in one transaction: the second counts what is in flight in a snapshot taken after the
     * endpoints' locks, so it sees every claim committed before.
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int batch, int perEndpoint) {
        List<Claimed> claimed = transactions.execute(status -> {
            List<UUID> endpoints = jdbc.sql(LOCK_ENDPOINTS)
                    .param("now", timestamp(now))
                    .param("perEndpoint", perEndpoint)
                    .param("scan", batch * 4)
                    .query(UUID.class)
                    .list();
            if (endpoints.isEmpty()) {
                return List.of();
            }
            return jdbc.sql(CLAIM)
                    .param("now", timestamp(now))
                    .param("leaseUntil", timestamp(leaseUntil))
                    .param("endpoints", joined(endpoints))
                    .param("batch", batch)
                    .param("perEndpoint", perEndpoint)
                    .query(WebhookDeliveries::claimed)
                    .list();
        });
        return claimed == null ? List.of() : claimed;
    }

    /**
     * Deletes one batch of succeeded or failed deliveries created before {@code before}; returns how many, 0 when
     * another worker's sweep holds the lock.
     */
    int deleteSettled(Instant before, int batch) {
        Integer deleted = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql(RETENTION_LOCK).query(Boolean.class).single())) {
                return 0;
            }
            return jdbc.sql(DELETE_SETTLED).param("before", timestamp(before)).param("batch", batch).update();
        });
        return deleted == null ? 0 : deleted;
    }

    /** The attempt succeeded: the delivery is done and its endpoint is answering. */
    void succeeded(Claimed delivery, int responseStatus, long durationMs) {
        jdbc.sql("""
                update webhook_deliveries set status = 'succeeded', response_status = :status, duration_ms = :duration,
                    next_attempt_at = null, sending_until = null
                where id = :id and attempt = :attempt""")
                .param("id", delivery.id())
                .param("attempt", delivery.attempt())
                .param("status", responseStatus)
                .param("duration", durationMs)
                .update();
        jdbc.sql("update webhook_endpoints set failing_since = null where id = :id and failing_since is not null")
                .param("id", delivery.endpoint())
                .update();
    }

    /**
     * The attempt failed: the delivery is tried again at {@code nextAttempt}, or (null) has failed for good. Returns
     * whether this disabled the endpoint, which has been failing since before {@code disableBefore}.
     */
    boolean failed(Claimed delivery, Integer responseStatus, long durationMs, Instant nextAttempt, Instant now,
            Instant disableBefore) {
        jdbc.sql("""
                update webhook_deliveries set status = :outcome, response_status = :status, duration_ms = :duration,
                    next_attempt_at = :next, sending_until = null
                where id = :id and attempt = :attempt""")
                .param("id", delivery.id())
                .param("attempt", delivery.attempt())
                .param("outcome", nextAttempt == null ? "failed" : "pending")
                .param("status", responseStatus, Types.INTEGER)
                .param("duration", durationMs)
                .param("next", timestamp(nextAttempt), Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
        return jdbc.sql("""
                update webhook_endpoints
                set failing_since = coalesce(failing_since, :now),
                    enabled = not (coalesce(failing_since, :now) < :disableBefore)
                where id = :id and enabled
                returning not enabled""")
                .param("id", delivery.endpoint())
                .param("now", timestamp(now))
                .param("disableBefore", timestamp(disableBefore))
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    private static String joined(List<?> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static Claimed claimed(ResultSet rs, int row) throws SQLException {
        UUID run = rs.getObject("workflow_run_id", UUID.class);
        Map<String, Object> execution = new LinkedHashMap<>();
        if (run != null) {
            execution.put("id", run);
            execution.put("workflow_id", rs.getObject("workflow_id", UUID.class));
            execution.put("status", rs.getString("status"));
        } else {
            execution.put("id", rs.getObject("execution_id", UUID.class));
            execution.put("status", rs.getString("status"));
            execution.put("agent_id", rs.getObject("agent_id", UUID.class));
            execution.put("thread_id", rs.getObject("thread_id", UUID.class));
            execution.put("model", rs.getString("model"));
        }
        execution.put("result", rs.getString("result"));
        String code = rs.getString("error_code");
        execution.put("error", code == null ? null : Map.of("code", code, "message", String.valueOf(rs.getString("error_message"))));
        String metadata = rs.getString("metadata");
        execution.put("metadata", metadata == null ? null : JSON.readTree(metadata));
        execution.put("created_at", instant(rs, "created_at"));
        execution.put("started_at", instant(rs, "started_at"));
        execution.put("finished_at", instant(rs, "finished_at"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", rs.getString("event_type"));
        body.put("timestamp", instant(rs, "event_at"));
        body.put("data", Map.of(run != null ? "workflow_run" : "execution", execution));
        return new Claimed(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("endpoint_id", UUID.class), rs.getInt("attempt"), rs.getString("url"), rs.getString("secret"),
                JSON.writeValueAsString(body));
    }

    /** A claimed attempt: where it goes, the sealed secret that signs it, and the body (built now, from the row). */
    record Claimed(UUID id, TenantId tenant, UUID endpoint, int attempt, String url, String sealedSecret, String body) {
    }
}
