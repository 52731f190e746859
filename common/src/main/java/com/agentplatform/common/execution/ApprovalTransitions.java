package com.agentplatform.common.execution;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transitions of a run that waits for a person, by name, each one guarded statement that appends its event (as
 * {@link ExecutionTransitions}): {@code await} ({@code running → waiting}, fenced by the attempt's lease),
 * {@code decide} ({@code waiting → queued}, the decision recorded as the call's step), {@code cancelWaiting}
 * ({@code waiting → cancelled}) and {@code expire} ({@code waiting → failed}, {@code APPROVAL_EXPIRED}). A waiting
 * execution has no lease and no attempt running: its counters (a database trigger) count it neither queued nor
 * running, so it holds no slot of its tenant.
 */
public final class ApprovalTransitions {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final Clock clock;

    public ApprovalTransitions(JdbcClient jdbc, ExecutionJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * {@code running → waiting}: the attempt stops at a tool call that needs a person's decision and gives up its
     * lease; the {@code waiting} event carries {@code pending_approval}. Empty when the attempt lost its lease.
     */
    public Optional<ExecutionEvent> await(ExecutionTransitions.Attempt attempt, PendingApproval pending) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("attempt", attempt.number());
        payload.put("pending_approval", pending.toJson());
        return journal.apply(new ExecutionChange(attempt.tenant(), attempt.execution(), attempt.fence(),
                ExecutionStatus.WAITING, ExecutionEventType.WAITING, payload,
                List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"),
                        ColumnUpdate.json("pending_approval", JSON.writeValueAsString(pending.toJson())),
                        ColumnUpdate.value("approval_expires_at", pending.expiresAt()),
                        ColumnUpdate.value("waiting_since", pending.requestedAt()))));
    }

    /**
     * A waiting execution, locked for the transaction that decides on it or ends it.
     *
     * @param waitingSince when it started waiting
     * @param waitedMs     time spent waiting before this wait (earlier approvals of the same run)
     */
    public record Waiting(TenantId tenant, ExecutionId execution, int attempt, PendingApproval pending, Instant waitingSince,
            long waitedMs) {
    }

    /**
     * Locks the execution if it is waiting for a decision ({@code FOR UPDATE}: a decision and a cancel cannot both
     * apply); one waiting for the agents it called has nothing to decide.
     */
    public Optional<Waiting> lockWaiting(TenantId tenant, ExecutionId execution) {
        return jdbc.sql("""
                select id, tenant_id, attempt, pending_approval::text as pending, waiting_since, waited_ms from executions
                where tenant_id = :tenant and id = :id and status = 'waiting' and pending_approval is not null
                for update""")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .query(ApprovalTransitions::waiting)
                .optional();
    }

    /**
     * Locks up to {@code limit} waiting executions whose approval expired by the database clock ({@code SKIP LOCKED},
     * so every worker may sweep at once and none expires one twice); the caller expires each in the same transaction.
     */
    public List<Waiting> lockExpired(int limit) {
        return jdbc.sql("""
                select id, tenant_id, attempt, pending_approval::text as pending, waiting_since, waited_ms from executions
                where status = 'waiting' and approval_expires_at < now()
                order by approval_expires_at limit :limit
                for update skip locked""")
                .param("limit", limit)
                .query(ApprovalTransitions::waiting)
                .list();
    }

    /**
     * A person's decision on the pending call.
     *
     * @param approved  true to make the call, false to give the model the rejection as the call's result
     * @param arguments the JSON text the call is made with (the model's, or the person's edit)
     * @param edited    true when the person replaced the model's arguments
     * @param reason    why, in the person's words; may be null
     */
    public record Decision(boolean approved, String arguments, boolean edited, String reason) {

        String verdict() {
            return approved ? "approve" : "reject";
        }
    }

    /** What a decision wrote: the {@code approval} event (status {@code queued}) and the step that records it. */
    public record Decided(ExecutionEvent event, int stepSeq) {
    }

    /**
     * {@code waiting → queued}: records the decision as the call's tool step (approved and not made yet, or rejected
     * with its reason as the result the model sees), adds the time waited to the run's waited time (which
     * {@code timeout_seconds} does not count) and queues the execution for any worker to resume. The pause spent no
     * attempt: the number is given back, as a hand-back does. Run inside the transaction of {@link #lockWaiting}.
     */
    public Optional<Decided> decide(Waiting waiting, Decision decision) {
        Instant now = clock.instant();
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("call_id", waiting.pending().callId());
        approval.put("tool", waiting.pending().tool());
        approval.put("decision", decision.verdict());
        if (decision.edited()) {
            approval.put("arguments", PendingApproval.readable(decision.arguments()));
        }
        if (decision.reason() != null) {
            approval.put("reason", decision.reason());
        }
        approval.put("requested_at", waiting.pending().requestedAt().toString());
        approval.put("decided_at", now.toString());
        int seq = insertDecidedStep(waiting, decision, approval, now);
        if (!decision.approved()) {
            // The rejection answers the call: on a thread it is the call's result there too (an approved call's result
            // is written by the step that makes it).
            ThreadToolResults.add(jdbc, waiting.tenant(), waiting.execution(), waiting.pending().callId(),
                    rejection(decision), now);
        }
        approval.put("step", seq);
        long waited = waiting.waitedMs() + Math.max(0, Duration.between(waiting.waitingSince(), now).toMillis());
        return journal.apply(new ExecutionChange(waiting.tenant(), waiting.execution(), Guard.status(ExecutionStatus.WAITING),
                        ExecutionStatus.QUEUED, ExecutionEventType.APPROVAL, approval,
                        List.of(cleared("pending_approval"), cleared("approval_expires_at"), cleared("waiting_since"),
                                ColumnUpdate.value("waited_ms", waited), cleared("run_after"),
                                ColumnUpdate.sql("attempt", "attempt - 1"))))
                .map(event -> new Decided(event, seq));
    }

    private static String rejection(Decision decision) {
        return "rejected: " + (decision.reason() == null ? "no reason given" : decision.reason());
    }

    private int insertDecidedStep(Waiting waiting, Decision decision, Map<String, Object> approval, Instant now) {
        Map<String, Object> output = new LinkedHashMap<>();
        if (decision.approved()) {
            output.put(PendingApproval.APPROVED, "approved by a person; the call is made when the run resumes");
        } else {
            output.put("error", rejection(decision));
        }
        output.put(PendingApproval.APPROVAL, approval);
        // Steps are numbered 1, 2, 3… without gaps; no worker writes to a waiting execution, whose row is locked here.
        return jdbc.sql("""
                insert into execution_steps (execution_id, seq, tenant_id, attempt, kind, name, input, output, started_at,
                                             duration_ms)
                select :id, coalesce(max(seq), 0) + 1, :tenant, :attempt, 'tool', :name, cast(:input as jsonb),
                       cast(:output as jsonb), :now, 0
                from execution_steps where tenant_id = :tenant and execution_id = :id
                returning seq""")
                .param("id", waiting.execution().value())
                .param("tenant", waiting.tenant().value())
                .param("attempt", waiting.attempt())
                .param("name", waiting.pending().tool())
                .param("input", JSON.writeValueAsString(Map.of("id", waiting.pending().callId(), "arguments", decision.arguments())))
                .param("output", JSON.writeValueAsString(output))
                .param("now", timestamp(now))
                .query(Integer.class)
                .single();
    }

    /** {@code waiting → cancelled}: no worker holds a waiting run, so the cancel is immediate. */
    public Optional<ExecutionEvent> cancelWaiting(TenantId tenant, ExecutionId execution) {
        return end(tenant, execution, ExecutionStatus.CANCELLED, null, "CANCELLED",
                "cancelled by the client while waiting for approval");
    }

    /** {@code waiting → failed}: nobody decided within {@code approval_timeout_seconds}. */
    public Optional<ExecutionEvent> expire(Waiting waiting) {
        return end(waiting.tenant(), waiting.execution(), ExecutionStatus.FAILED, waiting.attempt(),
                FailureCode.APPROVAL_EXPIRED.name(), "nobody approved or rejected the call of " + waiting.pending().tool()
                        + " (" + waiting.pending().callId() + ") before " + waiting.pending().expiresAt());
    }

    private Optional<ExecutionEvent> end(TenantId tenant, ExecutionId execution, ExecutionStatus to, Integer attempt,
            String code, String message) {
        Map<String, Object> payload = new LinkedHashMap<>();
        if (attempt != null) {
            payload.put("attempt", attempt);
        }
        payload.put("error", Map.of("code", code, "message", message));
        return journal.apply(new ExecutionChange(tenant, execution, Guard.status(ExecutionStatus.WAITING), to,
                ExecutionEventType.announcing(to), payload,
                List.of(ColumnUpdate.value("finished_at", clock.instant()), ColumnUpdate.value("error_code", code),
                        ColumnUpdate.value("error_message", message), cleared("pending_approval"),
                        cleared("approval_expires_at"), cleared("waiting_since"))));
    }

    private static ColumnUpdate cleared(String column) {
        return ColumnUpdate.sql(column, "null");
    }

    private static Waiting waiting(ResultSet rs, int row) throws SQLException {
        return new Waiting(new TenantId(rs.getObject("tenant_id", UUID.class)), new ExecutionId(rs.getObject("id", UUID.class)),
                rs.getInt("attempt"), PendingApproval.fromJson(rs.getString("pending")), instant(rs, "waiting_since"),
                rs.getLong("waited_ms"));
    }
}
