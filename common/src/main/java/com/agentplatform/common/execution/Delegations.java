package com.agentplatform.common.execution;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agents called as tools, by name: {@code await} ({@code running → waiting} with the calls' child executions queued
 * and their steps recorded, one transaction), and {@code cancelDescendants} (a cancelled parent's children and theirs).
 * The other half, a child's result reaching its parent, is {@link ChildResults}. A parent waiting for children has no
 * lease and no attempt running, like one waiting for a person: it holds none of its tenant's slots.
 */
public final class Delegations {

    /** The output key of a call's step while its child runs; the child's result replaces it. */
    public static final String CHILD = "child";
    public static final String PENDING = "pending";

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final Clock clock;
    private final TransactionOperations transactions;

    public Delegations(JdbcClient jdbc, ExecutionJournal journal, Clock clock, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * One call of an agent as a tool.
     *
     * @param callId    the model's id of the call
     * @param tool      the tool name the model called
     * @param arguments the model's arguments, as it wrote them
     * @param agentId   the stored agent the call runs
     * @param agent     its snapshot, as the child will run it
     * @param input     what the child is asked
     * @param stepSeq   the call's step when a person's approval wrote it already, or null for a new step
     */
    public record Call(String callId, String tool, String arguments, UUID agentId, AgentSpec agent, String input,
            Integer stepSeq) {
    }

    /** What {@link #await} wrote: the parent's {@code waiting} event and each child's {@code queued} event. */
    public record Awaiting(ExecutionEvent waiting, List<ExecutionEvent> children) {
    }

    /**
     * {@code running → waiting}: the attempt (fenced by its lease) stops at its model's agent calls; each becomes a
     * queued child execution ({@code parent_id}: this one; its max attempts and trace context are the parent's) and a
     * step of the parent, numbered from {@code firstSeq}, that waits for the child's result. The {@code waiting} event
     * says what it waits for. Empty, and nothing written, when the attempt lost its lease. Run in one transaction.
     */
    public Optional<Awaiting> await(ExecutionTransitions.Attempt attempt, int firstSeq, List<Call> calls) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<UUID> ids = calls.stream().map(call -> ExecutionId.newId().value()).toList();
        List<Map<String, Object>> children = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            children.add(Map.of("execution_id", ids.get(i).toString(), "agent_id", calls.get(i).agentId().toString(),
                    "call_id", calls.get(i).callId(), "tool", calls.get(i).tool()));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("attempt", attempt.number());
        payload.put("children", children);
        Optional<ExecutionEvent> waiting = journal.apply(new ExecutionChange(attempt.tenant(), attempt.execution(),
                attempt.fence(), ExecutionStatus.WAITING, ExecutionEventType.WAITING, payload,
                List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"),
                        ColumnUpdate.value("waiting_since", now),
                        ColumnUpdate.sql("tool_calls", "tool_calls + " + calls.size()))));
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        List<ExecutionEvent> queued = new ArrayList<>();
        int nextSeq = firstSeq;
        for (int i = 0; i < calls.size(); i++) {
            queued.add(insertChild(attempt, ids.get(i), calls.get(i), now));
            if (calls.get(i).stepSeq() != null) {
                awaitOnApprovedStep(attempt, calls.get(i), children.get(i));
            } else {
                insertStep(attempt, nextSeq++, calls.get(i), children.get(i), now);
            }
        }
        return Optional.of(new Awaiting(waiting.get(), queued));
    }

    private ExecutionEvent insertChild(ExecutionTransitions.Attempt parent, UUID id, Call call, Instant now) {
        jdbc.sql("""
                insert into executions (id, tenant_id, agent_id, agent, input, model, status, attempt, max_attempts,
                                        last_event_seq, created_at, updated_at, trace_parent, parent_id)
                select :id, p.tenant_id, :agentId, cast(:agent as jsonb), :input, :model, 'queued', 0, p.max_attempts, 1,
                       :now, :now, p.trace_parent, p.id
                from executions p where p.tenant_id = :tenant and p.id = :parent""")
                .param("id", id)
                .param("agentId", call.agentId())
                .param("agent", JSON.writeValueAsString(call.agent()))
                .param("input", call.input())
                .param("model", call.agent().model())
                .param("now", timestamp(now))
                .param("tenant", parent.tenant().value())
                .param("parent", parent.execution().value())
                .update();
        return journal.insertEvent(parent.tenant(), new ExecutionId(id), 1, ExecutionEventType.QUEUED, ExecutionStatus.QUEUED,
                Map.of("attempt", 0, "parent_id", parent.execution().toString()), now);
    }

    private void insertStep(ExecutionTransitions.Attempt parent, int seq, Call call, Map<String, Object> child, Instant now) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put(CHILD, child);
        output.put(PENDING, "waiting for the child execution to end");
        jdbc.sql("""
                insert into execution_steps (execution_id, seq, tenant_id, attempt, kind, name, input, output, started_at,
                                             duration_ms)
                values (:id, :seq, :tenant, :attempt, 'tool', :name, cast(:input as jsonb), cast(:output as jsonb), :now, 0)""")
                .param("id", parent.execution().value())
                .param("seq", seq)
                .param("tenant", parent.tenant().value())
                .param("attempt", parent.number())
                .param("name", call.tool())
                .param("input", JSON.writeValueAsString(Map.of("id", call.callId(), "arguments", call.arguments())))
                .param("output", JSON.writeValueAsString(output))
                .param("now", timestamp(now))
                .update();
    }

    /**
     * An approved call's step (written by the decision, with the person's verdict) now waits for its child; the
     * verdict stays on it beside the child.
     */
    private void awaitOnApprovedStep(ExecutionTransitions.Attempt parent, Call call, Map<String, Object> child) {
        jdbc.sql("""
                update execution_steps
                set output = (output - :approved) || jsonb_build_object(:child, cast(:described as jsonb), :pending, :waiting)
                where tenant_id = :tenant and execution_id = :id and seq = :seq""")
                .param("approved", PendingApproval.APPROVED)
                .param("child", CHILD)
                .param("described", JSON.writeValueAsString(child))
                .param("pending", PENDING)
                .param("waiting", "waiting for the child execution to end")
                .param("tenant", parent.tenant().value())
                .param("id", parent.execution().value())
                .param("seq", call.stepSeq())
                .update();
    }

    /**
     * What cancelling an execution's descendants did: the events of those cancelled at once, and the running ones,
     * whose cancel {@link #requestCancel} asks for once the transaction committed.
     */
    public record Cascade(List<ExecutionEvent> events, List<ExecutionId> running) {
    }

    /**
     * Cancels every execution below this one that has not ended (children, their children…): a queued or waiting one
     * at once, in the transaction that cancels the parent. A running one is only returned: its flag is raised after
     * commit ({@link #requestCancel}), outside the transaction, because raising it takes the child's row while this
     * transaction holds its tenant's counters, the opposite order of a worker finishing that child. Each child's end
     * reaches its parent as any end does ({@link ChildResults}), and finds it ended.
     */
    public Cascade cancelDescendants(TenantId tenant, ExecutionId execution) {
        List<Map.Entry<UUID, String>> live = jdbc.sql("""
                with recursive below as (
                    select id, status from executions
                    where tenant_id = :tenant and parent_id = :id and status in ('queued', 'running', 'waiting')
                    union all
                    select e.id, e.status from executions e join below b on e.parent_id = b.id
                    where e.tenant_id = :tenant and e.status in ('queued', 'running', 'waiting'))
                select id, status from below""")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("status")))
                .list();
        List<ExecutionEvent> events = new ArrayList<>();
        List<ExecutionId> running = new ArrayList<>();
        for (Map.Entry<UUID, String> child : live) {
            ExecutionId id = new ExecutionId(child.getKey());
            ExecutionStatus status = ExecutionStatus.fromWireName(child.getValue());
            if (status == ExecutionStatus.RUNNING) {
                running.add(id);
            } else {
                cancelAtOnce(tenant, id, status).ifPresent(events::add);
            }
        }
        return new Cascade(events, running);
    }

    /**
     * Asks running children to stop at their next step boundary (their workers write the end), each in a statement of
     * its own; call it after the cancelling transaction committed. One that paused or was queued again meanwhile is
     * cancelled at once instead (with its own descendants), one that ended is left alone. Returns the events written.
     */
    public List<ExecutionEvent> requestCancel(TenantId tenant, List<ExecutionId> running) {
        List<ExecutionEvent> events = new ArrayList<>();
        List<ExecutionId> pending = new ArrayList<>(running);
        for (int i = 0; i < pending.size(); i++) {
            ExecutionId id = pending.get(i);
            for (int tries = 0; tries < 3; tries++) {
                if (raiseCancelFlag(tenant, id)) {
                    break;
                }
                Optional<ExecutionStatus> status = status(tenant, id);
                if (status.isEmpty() || status.get().isTerminal() || status.get() == ExecutionStatus.RUNNING) {
                    continue;
                }
                Optional<Cascade> cancelled = transactions.execute(tx -> cancelAtOnce(tenant, id, status.get())
                        .map(event -> {
                            Cascade below = cancelDescendants(tenant, id);
                            List<ExecutionEvent> written = new ArrayList<>(List.of(event));
                            written.addAll(below.events());
                            return new Cascade(written, below.running());
                        }));
                if (cancelled.isPresent()) {
                    events.addAll(cancelled.get().events());
                    pending.addAll(cancelled.get().running());
                    break;
                }
            }
        }
        return events;
    }

    private boolean raiseCancelFlag(TenantId tenant, ExecutionId id) {
        return jdbc.sql("update executions set cancel_requested = true where tenant_id = :tenant and id = :id and status = 'running'")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .update() == 1;
    }

    private Optional<ExecutionStatus> status(TenantId tenant, ExecutionId id) {
        return jdbc.sql("select status from executions where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id.value())
                .query(String.class)
                .optional()
                .map(ExecutionStatus::fromWireName);
    }

    private Optional<ExecutionEvent> cancelAtOnce(TenantId tenant, ExecutionId id, ExecutionStatus from) {
        String message = "cancelled because the execution that called it was cancelled";
        return journal.apply(new ExecutionChange(tenant, id, Guard.status(from), ExecutionStatus.CANCELLED,
                ExecutionEventType.CANCELLED, Map.of("error", Map.of("code", "CANCELLED", "message", message)),
                List.of(ColumnUpdate.value("finished_at", clock.instant()), ColumnUpdate.value("error_code", "CANCELLED"),
                        ColumnUpdate.value("error_message", message), ColumnUpdate.sql("run_after", "null"),
                        ColumnUpdate.sql("pending_approval", "null"), ColumnUpdate.sql("approval_expires_at", "null"),
                        ColumnUpdate.sql("waiting_since", "null"))));
    }

    /** How many executions above this one called it (0 for a top-level run), bounded by the caller's limit. */
    public int depth(TenantId tenant, ExecutionId execution, int limit) {
        return jdbc.sql("""
                with recursive above as (
                    select parent_id, 0 as depth from executions where tenant_id = :tenant and id = :id
                    union all
                    select e.parent_id, a.depth + 1 from executions e join above a on e.id = a.parent_id
                    where e.tenant_id = :tenant and a.depth < :limit)
                select max(depth) from above""")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .param("limit", limit)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }
}
