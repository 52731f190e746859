package com.agentplatform.gateway.execution;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Executions as the gateway reads and creates them; every method takes the tenant first. */
@Repository
public class ExecutionRepository {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    ExecutionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a queued execution; with an idempotency key, returns false (and inserts nothing) when the tenant already
     * has an execution under that key. A concurrent insert under the same key waits for the first to commit.
     */
    boolean insertQueued(TenantId tenant, ExecutionId id, UUID agentId, AgentSpec agent, String input,
            Map<String, Object> metadata, int maxAttempts, Instant now, String idempotencyKey, String requestHash,
            String traceParent) {
        return jdbc.sql("""
                insert into executions (id, tenant_id, agent_id, agent, input, model, metadata, status, attempt,
                                        max_attempts, last_event_seq, idempotency_key, request_hash, created_at, updated_at,
                                        trace_parent)
                values (:id, :tenant, :agentId, cast(:agent as jsonb), :input, :model, cast(:metadata as jsonb),
                        'queued', 0, :maxAttempts, 1, :key, :hash, :now, :now, :traceParent)
                on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing""")
                .param("id", id.value())
                .param("tenant", tenant.value())
                .param("agentId", agentId)
                .param("agent", JSON.writeValueAsString(agent))
                .param("input", input)
                .param("model", agent.model())
                .param("metadata", metadata == null ? null : JSON.writeValueAsString(metadata))
                .param("maxAttempts", maxAttempts)
                .param("key", idempotencyKey, java.sql.Types.VARCHAR)
                .param("hash", requestHash, java.sql.Types.VARCHAR)
                .param("now", timestamp(now))
                .param("traceParent", traceParent, java.sql.Types.VARCHAR)
                .update() == 1;
    }

    /** The execution already created under an idempotency key, with the fingerprint of the request that made it. */
    Optional<Keyed> findByIdempotencyKey(TenantId tenant, String key) {
        return jdbc.sql("select id, request_hash from executions where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenant.value())
                .param("key", key)
                .query((rs, row) -> new Keyed(new ExecutionId(rs.getObject("id", UUID.class)), rs.getString("request_hash")))
                .optional();
    }

    record Keyed(ExecutionId id, String requestHash) {
    }

    /** The tenant's queued executions as last committed, from the counter the database keeps on every change. */
    long queuedCount(TenantId tenant) {
        return jdbc.sql("select queued from tenant_counters where tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /**
     * Makes the tenant's submits take turns until this transaction ends, so a count read after it and the insert that
     * follows are one step: the queue bound is exact on any number of gateways. An advisory lock queues its waiters
     * in order, where a row lock would wake them all at every commit.
     */
    void lockTenantQueue(TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(cast(:tenant as text), 1))")
                .param("tenant", tenant.value().toString())
                .query((rs, row) -> 1)
                .list();
    }

    /** Newest first, one row more than {@code limit}; {@code after} is the last id of the previous page. */
    List<ExecutionView> list(TenantId tenant, ExecutionStatus status, UUID agentId, UUID after, int limit) {
        return jdbc.sql("""
                select * from executions
                where tenant_id = :tenant
                  and (cast(:status as text) is null or status = :status)
                  and (cast(:agentId as uuid) is null or agent_id = :agentId)
                  and (cast(:after as uuid) is null or id < :after)
                order by id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("status", status == null ? null : status.wireName(), java.sql.Types.VARCHAR)
                .param("agentId", agentId, java.sql.Types.OTHER)
                .param("after", after, java.sql.Types.OTHER)
                .param("limit", limit + 1)
                .query(ExecutionRepository::toView)
                .list();
    }

    List<StepView> steps(TenantId tenant, ExecutionId id) {
        return jdbc.sql("""
                select seq, kind, name, input::text as input, output::text as output, started_at, duration_ms
                from execution_steps where tenant_id = :tenant and execution_id = :id order by seq""")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query((rs, row) -> new StepView(rs.getInt("seq"), rs.getString("kind"), rs.getString("name"),
                        JSON.readTree(rs.getString("input")), JSON.readTree(rs.getString("output")),
                        instant(rs, "started_at"), rs.getLong("duration_ms")))
                .list();
    }

    /** Asks the worker running it to stop at its next step boundary; false when it is not running any more. */
    boolean requestCancel(TenantId tenant, ExecutionId id) {
        return jdbc.sql("update executions set cancel_requested = true where tenant_id = :tenant and id = :id and status = 'running'")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .update() == 1;
    }

    public Optional<ExecutionView> find(TenantId tenant, ExecutionId id) {
        return jdbc.sql("select * from executions where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query(ExecutionRepository::toView)
                .optional();
    }

    /** The current status, or empty when the execution is not this tenant's. */
    public Optional<ExecutionStatus> status(TenantId tenant, ExecutionId id) {
        return jdbc.sql("select status from executions where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query(String.class)
                .optional()
                .map(ExecutionStatus::fromWireName);
    }

    private static ExecutionView toView(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String errorCode = rs.getString("error_code");
        String metadata = rs.getString("metadata");
        return new ExecutionView(
                id,
                rs.getObject("agent_id", UUID.class),
                rs.getString("status"),
                rs.getString("input"),
                rs.getString("model"),
                rs.getString("result"),
                errorCode == null ? null : new ExecutionView.Error(errorCode, rs.getString("error_message")),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                new ExecutionView.Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getInt("llm_calls"), rs.getInt("tool_calls")),
                metadata == null ? null : JSON.readValue(metadata, MAP),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                ExecutionView.Links.of(id));
    }
}
