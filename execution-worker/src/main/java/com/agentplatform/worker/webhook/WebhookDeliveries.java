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
import tools.jackson.databind.json.JsonMapper;

/** The delivery rows senders claim and settle. */
@Repository
class WebhookDeliveries {

    private static final JsonMapper JSON = JsonMapping.messages();

    /**
     * Locks due deliveries of enabled endpoints (skipping those another worker holds), keeps of each endpoint only as
     * many as it has room for on this worker ({@code perEndpoint} less those in flight here), and claims them: the
     * attempt is counted and the next attempt moved past this one's deadline, so no other worker sends it while this
     * one does. Should this worker die, the attempt is due again when that moment passes.
     */
    private static final String CLAIM = """
            with locked as (
                select d.id, d.endpoint_id, d.next_attempt_at
                from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id
                where d.status = 'pending' and d.next_attempt_at <= :now and w.enabled
                  and not (d.endpoint_id = any (cast(string_to_array(:full, ',') as uuid[])))
                order by d.next_attempt_at
                limit :scan
                for update of d skip locked),
            sending as (
                select * from unnest(cast(string_to_array(:busy, ',') as uuid[]), cast(string_to_array(:counts, ',') as int[]))
                    as s (endpoint_id, in_flight)),
            picked as (
                select ranked.id from (
                    select id, endpoint_id, next_attempt_at,
                           row_number() over (partition by endpoint_id order by next_attempt_at) as nth
                    from locked) ranked
                left join sending s on s.endpoint_id = ranked.endpoint_id
                where ranked.nth <= :perEndpoint - coalesce(s.in_flight, 0)
                order by ranked.next_attempt_at
                limit :batch)
            update webhook_deliveries d set attempt = d.attempt + 1, next_attempt_at = :leaseUntil
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

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param inFlight deliveries of each endpoint this worker is sending (or about to) */
    List<Claimed> claim(Instant now, Instant leaseUntil, Map<UUID, Integer> inFlight, int batch, int perEndpoint) {
        List<UUID> busy = List.copyOf(inFlight.keySet());
        return jdbc.sql(CLAIM)
                .param("now", timestamp(now))
                .param("leaseUntil", timestamp(leaseUntil))
                .param("full", joined(busy.stream().filter(endpoint -> inFlight.get(endpoint) >= perEndpoint).toList()))
                .param("busy", joined(busy))
                .param("counts", joined(busy.stream().map(inFlight::get).toList()))
                .param("scan", batch * 4)
                .param("batch", batch)
                .param("perEndpoint", perEndpoint)
                .query(WebhookDeliveries::claimed)
                .list();
    }

    /** The attempt succeeded: the delivery is done and its endpoint is answering. */
    void succeeded(Claimed delivery, int responseStatus, long durationMs) {
        jdbc.sql("""
                update webhook_deliveries set status = 'succeeded', response_status = :status, duration_ms = :duration,
                    next_attempt_at = null
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
                    next_attempt_at = :next
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
