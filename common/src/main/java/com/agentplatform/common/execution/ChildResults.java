package com.agentplatform.common.execution;

import static com.agentplatform.common.execution.ExecutionJournal.instant;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A child's end reaching the execution that called it as a tool. The end itself left a row in {@code child_endings}
 * (a trigger, in the transaction of the child's terminal transition); {@link #take} claims such rows (SKIP LOCKED,
 * deleted in the caller's transaction) and {@link #settle} records each child's result, or its error, as the
 * parent's step for that call, adds the child's usage (its children's included) to the parent's
 * {@code children_usage}, and once no step of the parent waits any more queues the parent again. The parent's row is
 * locked first and the step is completed only while it still waits, so however many workers take endings at once,
 * each child is settled exactly once and the parent is queued exactly once.
 */
public final class ChildResults {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** The longest error text of a failed child the parent's model is given. */
    private static final int MAX_ERROR = 2_000;

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final Clock clock;

    public ChildResults(JdbcClient jdbc, ExecutionJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    /** A child that ended, its parent not told yet. */
    public record Ending(TenantId tenant, ExecutionId child, ExecutionId parent) {
    }

    /** What settling an ending wrote: the parent's events, and its next attempt's number when it was queued again. */
    public record Settled(TenantId tenant, ExecutionId parent, List<ExecutionEvent> events, Integer resumedAttempt) {
    }

    /** Claims and deletes up to {@code limit} endings; settle each in the same transaction. */
    public List<Ending> take(int limit) {
        return jdbc.sql("""
                delete from child_endings where child_id in (
                    select child_id from child_endings order by created_at limit :limit for update skip locked)
                returning tenant_id, child_id, parent_id""")
                .param("limit", limit)
                .query((rs, row) -> new Ending(new TenantId(rs.getObject("tenant_id", UUID.class)),
                        new ExecutionId(rs.getObject("child_id", UUID.class)), new ExecutionId(rs.getObject("parent_id", UUID.class))))
                .list();
    }

    private record Parent(ExecutionStatus status, int attempt, Instant waitingSince, long waitedMs) {
    }

    private record Child(String status, String result, String errorCode, String errorMessage, Map<String, Object> usage) {
    }

    private record WaitingStep(int seq, String name, String callId, Instant startedAt, Map<String, Object> output) {
    }

    /** Records the child's result on its parent (when the parent still waits for it); empty when there was nothing to do. */
    public Optional<Settled> settle(Ending ending) {
        Optional<Parent> parent = lockParent(ending);
        Optional<Child> child = child(ending);
        Optional<WaitingStep> step = parent.isEmpty() || child.isEmpty() ? Optional.empty() : waitingStep(ending);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String answer = completeStep(ending, step.get(), child.get(), now);
        addUsage(ending, child.get().usage());
        if (parent.get().status() != ExecutionStatus.WAITING) {
            // Ended meanwhile (cancelled): the result is recorded, and nothing is resumed.
            return Optional.of(new Settled(ending.tenant(), ending.parent(), List.of(), null));
        }
        tellThread(ending, step.get(), answer, now);
        List<ExecutionEvent> events = new ArrayList<>();
        Map<String, Object> stepPayload = new LinkedHashMap<>();
        stepPayload.put("step", step.get().seq());
        stepPayload.put("kind", "tool");
        stepPayload.put("name", step.get().name());
        stepPayload.put("duration_ms", Duration.between(step.get().startedAt(), now).toMillis());
        stepPayload.put(Delegations.CHILD, ending.child().toString());
        journal.apply(new ExecutionChange(ending.tenant(), ending.parent(), Guard.status(ExecutionStatus.WAITING),
                ExecutionStatus.WAITING, ExecutionEventType.STEP, stepPayload, List.of())).ifPresent(events::add);
        if (stillWaiting(ending)) {
            return Optional.of(new Settled(ending.tenant(), ending.parent(), events, null));
        }
        Optional<ExecutionEvent> queued = resume(ending, parent.get(), now);
        queued.ifPresent(events::add);
        return Optional.of(new Settled(ending.tenant(), ending.parent(), events,
                queued.isPresent() ? parent.get().attempt() : null));
    }

    private Optional<Parent> lockParent(Ending ending) {
        return jdbc.sql("""
                select status, attempt, waiting_since, waited_ms from executions
                where tenant_id = :tenant and id = :id for update""")
                .param("tenant", ending.tenant().value())
                .param("id", ending.parent().value())
                .query((rs, row) -> new Parent(ExecutionStatus.fromWireName(rs.getString("status")), rs.getInt("attempt"),
                        instant(rs, "waiting_since"), rs.getLong("waited_ms")))
                .optional();
    }

    private Optional<Child> child(Ending ending) {
        return jdbc.sql("""
                select status, result, error_code, error_message, input_tokens, output_tokens, llm_calls, tool_calls,
                       children_usage::text as children_usage
                from executions where tenant_id = :tenant and id = :id""")
                .param("tenant", ending.tenant().value())
                .param("id", ending.child().value())
                .query(ChildResults::child)
                .optional();
    }

    /** The child's own usage plus what its children used: the parent is charged for its whole subtree. */
    private static Child child(ResultSet rs, int row) throws SQLException {
        String below = rs.getString("children_usage");
        Map<String, Object> usage = below == null ? Map.of() : JSON.readValue(below, MAP);
        Map<String, Object> total = new LinkedHashMap<>();
        for (String counter : List.of("input_tokens", "output_tokens", "llm_calls", "tool_calls")) {
            total.put(counter, rs.getLong(counter) + (usage.get(counter) instanceof Number n ? n.longValue() : 0));
        }
        return new Child(rs.getString("status"), rs.getString("result"), rs.getString("error_code"),
                rs.getString("error_message"), total);
    }

    private Optional<WaitingStep> waitingStep(Ending ending) {
        return jdbc.sql("""
                select seq, name, input ->> 'id' as call_id, started_at, output::text as output from execution_steps
                where tenant_id = :tenant and execution_id = :parent
                  and output -> 'child' ->> 'execution_id' = :child and output ->> 'pending' is not null
                for update""")
                .param("tenant", ending.tenant().value())
                .param("parent", ending.parent().value())
                .param("child", ending.child().toString())
                .query((rs, row) -> new WaitingStep(rs.getInt("seq"), rs.getString("name"), rs.getString("call_id"),
                        instant(rs, "started_at"),
                        JSON.readValue(rs.getString("output"), MAP)))
                .optional();
    }

    /** Records the child's answer on the step; returns it as the parent's model will read it (result or error). */
    private String completeStep(Ending ending, WaitingStep step, Child child, Instant now) {
        Map<String, Object> described = new LinkedHashMap<>();
        if (step.output().get(Delegations.CHILD) instanceof Map<?, ?> earlier) {
            earlier.forEach((key, value) -> described.put(String.valueOf(key), value));
        }
        described.put("status", child.status());
        Map<String, Object> output = new LinkedHashMap<>();
        String answer;
        if ("succeeded".equals(child.status())) {
            answer = child.result() == null ? "" : child.result();
            output.put("result", answer);
        } else {
            answer = errorText(step.name(), child);
            output.put("error", answer);
        }
        output.put(Delegations.CHILD, described);
        if (step.output().containsKey(PendingApproval.APPROVAL)) {
            output.put(PendingApproval.APPROVAL, step.output().get(PendingApproval.APPROVAL)); // the person's verdict
        }
        jdbc.sql("""
                update execution_steps set output = cast(:output as jsonb), duration_ms = :duration
                where tenant_id = :tenant and execution_id = :parent and seq = :seq""")
                .param("output", JSON.writeValueAsString(output))
                .param("duration", Math.max(0, Duration.between(step.startedAt(), now).toMillis()))
                .param("tenant", ending.tenant().value())
                .param("parent", ending.parent().value())
                .param("seq", step.seq())
                .update();
        return answer;
    }

    /** A parent on a thread gets the answer on the thread too, so later runs there see what the agent said. */
    private void tellThread(Ending ending, WaitingStep step, String answer, Instant now) {
        ThreadToolResults.add(jdbc, ending.tenant(), ending.parent(), step.callId(), answer, now);
    }

    private static String errorText(String tool, Child child) {
        String text = "the agent " + tool + " ended " + child.status()
                + (child.errorCode() == null ? "" : " (" + child.errorCode() + ": " + child.errorMessage() + ")");
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }

    private void addUsage(Ending ending, Map<String, Object> usage) {
        jdbc.sql("""
                update executions set children_usage = jsonb_build_object(
                    'input_tokens', coalesce((children_usage ->> 'input_tokens')::bigint, 0) + :in,
                    'output_tokens', coalesce((children_usage ->> 'output_tokens')::bigint, 0) + :out,
                    'llm_calls', coalesce((children_usage ->> 'llm_calls')::bigint, 0) + :llm,
                    'tool_calls', coalesce((children_usage ->> 'tool_calls')::bigint, 0) + :tools)
                where tenant_id = :tenant and id = :id""")
                .param("in", usage.get("input_tokens"))
                .param("out", usage.get("output_tokens"))
                .param("llm", usage.get("llm_calls"))
                .param("tools", usage.get("tool_calls"))
                .param("tenant", ending.tenant().value())
                .param("id", ending.parent().value())
                .update();
    }

    private boolean stillWaiting(Ending ending) {
        return jdbc.sql("""
                select exists (select 1 from execution_steps
                               where tenant_id = :tenant and execution_id = :parent and output ->> 'pending' is not null)""")
                .param("tenant", ending.tenant().value())
                .param("parent", ending.parent().value())
                .query(Boolean.class)
                .single();
    }

    /**
     * {@code waiting → queued}: every child answered. The wait is added to the run's waited time (which
     * {@code timeout_seconds} does not count) and the attempt number given back: the pause spent none.
     */
    private Optional<ExecutionEvent> resume(Ending ending, Parent parent, Instant now) {
        long waited = parent.waitedMs()
                + (parent.waitingSince() == null ? 0 : Math.max(0, Duration.between(parent.waitingSince(), now).toMillis()));
        return journal.apply(new ExecutionChange(ending.tenant(), ending.parent(), Guard.status(ExecutionStatus.WAITING),
                ExecutionStatus.QUEUED, ExecutionEventType.QUEUED, Map.of("attempt", parent.attempt() - 1,
                        "reason", "every agent it called has answered"),
                List.of(ColumnUpdate.sql("waiting_since", "null"), ColumnUpdate.value("waited_ms", waited),
                        ColumnUpdate.sql("run_after", "null"), ColumnUpdate.sql("attempt", "attempt - 1"))));
    }
}
