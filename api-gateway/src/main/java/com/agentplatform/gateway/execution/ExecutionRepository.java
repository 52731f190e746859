package com.agentplatform.gateway.execution;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.agent.AgentToolNames;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.Topics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
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
    /** The payload of every execution's first event. */
    private static final String QUEUED_PAYLOAD = JSON.writeValueAsString(Map.of("attempt", 0));

    private final JdbcClient jdbc;

    ExecutionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the queue counters of {@code tenants} until this transaction ends, in one fixed order (so two gateways'
     * batches never wait for each other in a circle), and reads each with its bound. The count is the committed one,
     * and no other submit of these tenants can commit until this transaction does: the bound is exact on any number of
     * gateways. Executions waiting for approval count as queued: each will be queued again.
     */
    Map<TenantId, QueueRoom> lockQueues(Collection<TenantId> tenants) {
        Map<TenantId, QueueRoom> rooms = new HashMap<>();
        jdbc.sql("""
                select c.tenant_id, c.queued + c.waiting as queued, t.max_queued_executions
                from tenant_counters c join tenants t on t.id = c.tenant_id
                where c.tenant_id = any(:tenants)
                order by c.tenant_id
                for update of c""")
                .param("tenants", tenants.stream().map(TenantId::value).toArray(UUID[]::new))
                .query(rs -> {
                    rooms.put(new TenantId(rs.getObject("tenant_id", UUID.class)),
                            new QueueRoom(rs.getLong("queued"), rs.getInt("max_queued_executions")));
                });
        return rooms;
    }

    /** A tenant's queued executions and its bound, as one batch of submits found them. */
    record QueueRoom(long queued, int limit) {
    }

    /**
     * The rows of a batch of submits in one statement: executions (skipping a reused idempotency key), their first
     * event, and their wake-ups in the outbox under ids drawn from the outbox's sequence up front, so the caller learns
     * which wake-up is whose.
     */
    private static final String INSERT_QUEUED = """
            with given as (
                select g.*, nextval('outbox_id_seq') as outbox_id
                from unnest(cast(:ids as uuid[]), cast(:tenants as uuid[]), cast(:agentIds as uuid[]),
                            cast(:agents as text[]), cast(:models as text[]), cast(:inputs as text[]),
                            cast(:metadata as text[]), cast(:keys as text[]), cast(:hashes as text[]),
                            cast(:created as text[]), cast(:traces as text[]), cast(:wakeUps as text[]),
                            cast(:maxAttempts as int[]))
                     as g(id, tenant_id, agent_id, agent, model, input, metadata, idempotency_key, request_hash,
                          created_at, trace_parent, wake_up, max_attempts)
            ), inserted as (
                insert into executions (id, tenant_id, agent_id, agent, input, model, metadata, status, attempt,
                                        max_attempts, last_event_seq, idempotency_key, request_hash, created_at,
                                        updated_at, trace_parent)
                select id, tenant_id, agent_id, cast(agent as jsonb), input, model, cast(metadata as jsonb), 'queued', 0,
                       max_attempts, 1, idempotency_key, request_hash, cast(created_at as timestamptz),
                       cast(created_at as timestamptz), trace_parent
                from given
                on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
                returning id, tenant_id, created_at
            ), queued_events as (
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                select id, 1, tenant_id, 'queued', 'queued', cast(:queuedPayload as jsonb), created_at from inserted
            ), wake_ups as (
                -- A wake-up says "this tenant has work": one per tenant in the batch is enough (a claim takes all).
                insert into outbox (id, topic, message_key, payload, created_at, trace_parent)
                select distinct on (g.tenant_id) g.outbox_id, :topic, cast(g.tenant_id as text), g.wake_up, i.created_at,
                       g.trace_parent
                from given g join inserted i on i.id = g.id
                order by g.tenant_id, g.id
                returning id
            )
            select g.id, w.id as outbox_id
            from given g join inserted i on i.id = g.id left join wake_ups w on w.id = g.outbox_id""";

    /**
     * Inserts queued executions with their first ({@code queued}) event and their wake-up in the outbox, in one
     * statement whatever their number ({@link #INSERT_QUEUED}). An execution whose idempotency key the tenant has used
     * already is skipped (a concurrent insert under the same key waits for the first to commit). Returns the outbox id
     * of each execution inserted.
     */
    Map<ExecutionId, Optional<Long>> insertQueued(List<NewExecution> executions) {
        Map<ExecutionId, Optional<Long>> inserted = new HashMap<>();
        jdbc.sql(INSERT_QUEUED)
                .params(columns(executions))
                .param("queuedPayload", QUEUED_PAYLOAD)
                .param("topic", Topics.EXECUTIONS_REQUESTED)
                .query(rs -> {
                    long outboxId = rs.getLong("outbox_id");
                    inserted.put(new ExecutionId(rs.getObject("id", UUID.class)),
                            rs.wasNull() ? Optional.empty() : Optional.of(outboxId));
                });
        return inserted;
    }

    /** One array per column: the statement reads the batch as rows with unnest, whatever its size. */
    private static Map<String, Object> columns(List<NewExecution> executions) {
        int n = executions.size();
        UUID[] ids = new UUID[n];
        UUID[] tenants = new UUID[n];
        UUID[] agentIds = new UUID[n];
        int[] maxAttempts = new int[n];
        List<String> textColumns = List.of("agents", "models", "inputs", "metadata", "keys", "hashes", "created", "traces", "wakeUps");
        String[][] text = new String[textColumns.size()][n];
        for (int i = 0; i < n; i++) {
            NewExecution e = executions.get(i);
            ids[i] = e.id().value();
            tenants[i] = e.tenant().value();
            agentIds[i] = e.agentId();
            maxAttempts[i] = e.maxAttempts();
            String[] row = {e.agentJson(), e.model(), e.input(), e.metadataJson(), e.idempotencyKey(), e.requestHash(),
                    e.createdAt().toString(), e.traceParent(), e.wakeUp()};
            for (int column = 0; column < row.length; column++) {
                text[column][i] = row[column];
            }
        }
        Map<String, Object> columns = new HashMap<>(Map.of("ids", ids, "tenants", tenants, "agentIds", agentIds,
                "maxAttempts", maxAttempts));
        for (int column = 0; column < textColumns.size(); column++) {
            columns.put(textColumns.get(column), text[column]);
        }
        return columns;
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

    /** What {@code GET /v1/executions} narrows the list to; a null field does not narrow it. */
    record Filter(ExecutionStatus status, UUID agentId, UUID threadId) {
    }

    /** Newest first, one row more than {@code limit}; {@code after} is the last id of the previous page. */
    List<ExecutionView> list(TenantId tenant, Filter filter, UUID after, int limit) {
        return jdbc.sql("""
                select * from executions
                where tenant_id = :tenant
                  and (cast(:status as text) is null or status = :status)
                  and (cast(:agentId as uuid) is null or agent_id = :agentId)
                  and (cast(:threadId as uuid) is null or thread_id = :threadId)
                  and (cast(:after as uuid) is null or id < :after)
                order by id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("status", filter.status() == null ? null : filter.status().wireName(), java.sql.Types.VARCHAR)
                .param("agentId", filter.agentId(), java.sql.Types.OTHER)
                .param("threadId", filter.threadId(), java.sql.Types.OTHER)
                .param("after", after, java.sql.Types.OTHER)
                .param("limit", limit + 1)
                .query(ExecutionRepository::toView)
                .list();
    }

    /** The executions a schedule made, newest first, one row more than {@code limit}. */
    public List<ExecutionView> ofSchedule(TenantId tenant, UUID schedule, UUID after, int limit) {
        return jdbc.sql("""
                select e.* from schedule_executions s
                join executions e on e.id = s.execution_id and e.tenant_id = s.tenant_id
                where s.schedule_id = :schedule and s.tenant_id = :tenant
                  and (cast(:after as uuid) is null or e.id < :after)
                order by e.id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("schedule", schedule)
                .param("after", after, java.sql.Types.OTHER)
                .param("limit", limit + 1)
                .query(ExecutionRepository::toView)
                .list();
    }

    List<StepView> steps(TenantId tenant, ExecutionId id) {
        return jdbc.sql("""
                select seq, kind, name, input::text as input, output::text as output, started_at, duration_ms,
                       input_tokens, output_tokens
                from execution_steps where tenant_id = :tenant and execution_id = :id order by seq""")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query((rs, row) -> new StepView(rs.getInt("seq"), rs.getString("kind"), rs.getString("name"),
                        JSON.readTree(rs.getString("input")), JSON.readTree(rs.getString("output")),
                        instant(rs, "started_at"), rs.getLong("duration_ms"), rs.getLong("input_tokens"),
                        rs.getLong("output_tokens")))
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
    /** The tool names under which the execution's agent calls its agents (their current names, as workers offer them). */
    List<String> agentTools(TenantId tenant, ExecutionId id) {
        return jdbc.sql("""
                select a.id, a.name from executions e
                join agents a on a.tenant_id = e.tenant_id
                    and a.id::text in (select jsonb_array_elements_text(coalesce(e.agent -> 'agents', '[]')))
                where e.tenant_id = :tenant and e.id = :id""")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query((rs, row) -> AgentToolNames.of(rs.getString("name"), rs.getObject("id", UUID.class)))
                .list();
    }

    public Optional<ExecutionStatus> status(TenantId tenant, ExecutionId id) {
        return jdbc.sql("select status from executions where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query(String.class)
                .optional()
                .map(ExecutionStatus::fromWireName);
    }

    /** Null for an execution that called no agent (or a query that does not select the column). */
    private static Map<String, Object> childrenUsage(ResultSet rs) throws SQLException {
        String usage = rs.getString("children_usage");
        return usage == null ? null : JSON.readValue(usage, MAP);
    }

    private static ExecutionView toView(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String errorCode = rs.getString("error_code");
        String metadata = rs.getString("metadata");
        String pendingApproval = rs.getString("pending_approval");
        return new ExecutionView(
                id,
                rs.getObject("agent_id", UUID.class),
                rs.getObject("thread_id", UUID.class),
                rs.getString("status"),
                rs.getString("input"),
                rs.getString("model"),
                rs.getString("result"),
                errorCode == null ? null : new ExecutionView.Error(errorCode, rs.getString("error_message")),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                new ExecutionView.Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getInt("llm_calls"), rs.getInt("tool_calls"), childrenUsage(rs)),
                metadata == null ? null : JSON.readValue(metadata, MAP),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                ExecutionView.Links.of(id),
                pendingApproval == null ? null : JSON.readValue(pendingApproval, MAP),
                rs.getObject("parent_id", UUID.class),
                rs.getObject("workflow_run_id", UUID.class));
    }
}
