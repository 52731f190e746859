package com.agentplatform.common.execution;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where an execution's status changes and its event log grows. Every change is a guarded UPDATE
 * (current status, and the lease fence of a running attempt) that also takes the next event number, followed by
 * the insert of that event; callers run both in one transaction.
 */
public final class ExecutionJournal {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final Clock clock;

    public ExecutionJournal(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Applies the change; empty when the guard no longer matches (someone else moved the execution first). The guarded
     * UPDATE and the event's INSERT are one statement (one round trip): the event is written exactly when the update
     * matched, with the sequence number the update assigned.
     */
    public Optional<ExecutionEvent> apply(ExecutionChange change) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder(
                "with moved as (update executions set status = :to, last_event_seq = last_event_seq + 1, updated_at = :now");
        for (ColumnUpdate update : change.updates()) {
            sql.append(", ").append(update.column()).append(" = ")
                    .append(update.isExpression() ? update.sqlExpression() : ":set_" + update.column());
        }
        Guard guard = change.guard();
        sql.append(" where tenant_id = :tenant and id = :id and status = :from");
        if (guard.leaseOwner() != null) {
            sql.append(" and lease_owner = :owner");
        }
        if (guard.attempt() != null) {
            sql.append(" and attempt = :attempt");
        }
        sql.append("""
                 returning last_event_seq)
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                select :id, last_event_seq, :tenant, :type, :to, cast(:payload as jsonb), :now from moved
                returning seq, global_seq""");

        String payloadJson = JSON.writeValueAsString(change.payload());
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("to", change.to().wireName())
                .param("now", timestamp(now))
                .param("tenant", change.tenant().value())
                .param("id", change.execution().value())
                .param("from", guard.status().wireName())
                .param("type", change.type().wireName())
                .param("payload", payloadJson);
        for (ColumnUpdate update : change.updates()) {
            if (update.bindsValue()) {
                statement = statement.param("set_" + update.column(), jdbcValue(update.value()));
            }
        }
        if (guard.leaseOwner() != null) {
            statement = statement.param("owner", guard.leaseOwner());
        }
        if (guard.attempt() != null) {
            statement = statement.param("attempt", guard.attempt());
        }
        return statement.query((rs, row) -> new ExecutionEvent(ExecutionEvent.CURRENT_VERSION, change.execution().value(),
                        change.tenant().value(), rs.getLong("seq"), change.type(), change.to(), JSON.readTree(payloadJson), now,
                        rs.getLong("global_seq")))
                .optional();
    }

    /** Writes event number {@code seq}; used directly only for the first event of a new execution. */
    public ExecutionEvent insertEvent(TenantId tenant, ExecutionId execution, long seq, ExecutionEventType type,
            ExecutionStatus status, Map<String, Object> payload, Instant at) {
        String payloadJson = JSON.writeValueAsString(payload);
        long globalSeq = jdbc.sql("""
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                values (:id, :seq, :tenant, :type, :status, cast(:payload as jsonb), :at)
                returning global_seq""")
                .param("id", execution.value())
                .param("seq", seq)
                .param("tenant", tenant.value())
                .param("type", type.wireName())
                .param("status", status.wireName())
                .param("payload", payloadJson)
                .param("at", timestamp(at))
                .query(Long.class)
                .single();
        return new ExecutionEvent(ExecutionEvent.CURRENT_VERSION, execution.value(), tenant.value(), seq, type, status,
                JSON.readTree(payloadJson), at, globalSeq);
    }

    /** The events after {@code afterSeq}, in order, at most {@code limit} of them. */
    public List<ExecutionEvent> eventsAfter(TenantId tenant, ExecutionId execution, long afterSeq, int limit) {
        return jdbc.sql("""
                select execution_id, tenant_id, seq, type, status, payload::text as payload, created_at, global_seq
                from execution_events
                where tenant_id = :tenant and execution_id = :id and seq > :after
                order by seq
                limit :limit""")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .param("after", afterSeq)
                .param("limit", limit)
                .query(ExecutionJournal::mapEvent)
                .list();
    }

    /** Reads one {@code execution_events} row selected with the columns {@link #eventsAfter} selects. */
    public static ExecutionEvent mapEvent(ResultSet rs, int row) throws SQLException {
        return new ExecutionEvent(
                ExecutionEvent.CURRENT_VERSION,
                rs.getObject("execution_id", java.util.UUID.class),
                rs.getObject("tenant_id", java.util.UUID.class),
                rs.getLong("seq"),
                ExecutionEventType.fromWireName(rs.getString("type")),
                ExecutionStatus.fromWireName(rs.getString("status")),
                JSON.readTree(rs.getString("payload")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getLong("global_seq"));
    }

    /** PostgreSQL's driver takes {@link OffsetDateTime} for {@code timestamptz}, not {@link Instant}. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Object jdbcValue(Object value) {
        return value instanceof Instant instant ? timestamp(instant) : value;
    }

    /** Reads a {@code timestamptz} column as an {@link Instant}, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
