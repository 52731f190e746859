package com.agentplatform.common.execution;

import static com.agentplatform.common.execution.ExecutionJournal.instant;

import com.agentplatform.common.agent.AgentSpec;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of an execution's status, by name. Each is one guarded statement that also appends the event it
 * announces (through {@link ExecutionJournal}), so a caller says what happened ({@code finish(attempt, outcome)})
 * and never assembles columns or payloads. A transition whose guard no longer matches (another worker took the
 * attempt over, the client cancelled first) changes nothing and answers empty.
 */
public final class ExecutionTransitions {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final Clock clock;
    private final AttemptWrites writes;

    public ExecutionTransitions(JdbcClient jdbc, ExecutionJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
        this.writes = new AttemptWrites(jdbc, clock);
    }

    /** A running attempt as its worker holds it: every write of the attempt is fenced by lease owner and number. */
    public record Attempt(TenantId tenant, ExecutionId execution, int number, String leaseOwner) {

        public Guard fence() {
            return Guard.running(leaseOwner, number);
        }
    }

    /**
     * {@code queued → cancelled}: the client cancelled before any worker started it.
     */
    public Optional<ExecutionEvent> cancelQueued(TenantId tenant, ExecutionId execution) {
        String message = "cancelled by the client before it started";
        return journal.apply(new ExecutionChange(tenant, execution, Guard.status(ExecutionStatus.QUEUED),
                ExecutionStatus.CANCELLED, ExecutionEventType.CANCELLED, Map.of("error", error("CANCELLED", message)),
                List.of(ColumnUpdate.value("finished_at", clock.instant()), ColumnUpdate.value("error_code", "CANCELLED"),
                        ColumnUpdate.value("error_message", message), ColumnUpdate.sql("run_after", "null"))));
    }

    /** How many of a tenant's executions a claim asks for. */
    public record Demand(TenantId tenant, int wanted) {
    }

    /**
     * What a claim took, and which of the tenants asked for are now at their {@code max_concurrent_executions}
     * (their other executions wait; asking again before one of their runs ends is pointless).
     */
    public record Claims(List<Claimed> claimed, Set<TenantId> atLimit) {
    }

    /**
     * A claimed attempt and what its worker needs to run it.
     *
     * @param resumed true when an earlier attempt ran (its steps are to be replayed)
     * @param started the {@code running} event the claim appended
     * @param thread  the thread the execution runs on, or null
     */
    public record Claimed(Attempt attempt, int maxAttempts, AgentSpec agent, String input, Usage usageSoFar,
            Instant createdAt, Instant startedAt, String traceParent, boolean resumed, ExecutionEvent started,
            ThreadRun thread) {
    }

    /**
     * A run's place on its thread.
     *
     * @param seq the run's number on the thread (runs execute in this order, one at a time)
     */
    public record ThreadRun(UUID thread, long seq) {
    }

    /**
     * {@code queued → running}, in one statement for a whole batch: for each tenant in {@code demands}, up to
     * {@code wanted} of its oldest due executions, never past its free concurrency slots. The tenant's counter row
     * is locked for the statement, so claims on several workers cannot both take its last slot; queued rows are
     * taken {@code FOR UPDATE SKIP LOCKED}, so workers claiming at once never wait for each other's rows. Start
     * times come from the database clock after those locks: a start is never recorded before the finish that freed
     * its slot. A run on a thread is claimable only when no earlier run of its thread is queued, running or waiting:
     * a worker woken for a thread's second run while the first runs (here or anywhere) does not take it. A thread
     * run's input is then written as the thread's next {@code user} message, before the run reads its history.
     */
    public Claims claim(String owner, Duration lease, List<Demand> demands) {
        if (demands.isEmpty()) {
            return new Claims(List.of(), Set.of());
        }
        UUID[] tenants = demands.stream().map(demand -> demand.tenant().value()).toArray(UUID[]::new);
        Integer[] wanted = demands.stream().map(Demand::wanted).toArray(Integer[]::new);
        List<Claimed> claimed = new ArrayList<>();
        Map<TenantId, Integer> room = new LinkedHashMap<>();
        jdbc.sql(CLAIM)
                .param("tenants", tenants)
                .param("wanted", wanted)
                .param("owner", owner)
                .param("lease", lease.toMillis() + " milliseconds")
                .query((ResultSet rs) -> {
                    TenantId tenant = new TenantId(rs.getObject("slot_tenant", UUID.class));
                    room.putIfAbsent(tenant, rs.getInt("room"));
                    if (rs.getObject("id") != null) {
                        claimed.add(claimedFrom(rs, owner));
                        room.merge(tenant, -1, Integer::sum);
                    }
                });
        writeThreadInputs(claimed);
        Set<TenantId> atLimit = new HashSet<>();
        room.forEach((tenant, left) -> {
            if (left <= 0) {
                atLimit.add(tenant);
            }
        });
        return new Claims(claimed, atLimit);
    }

    private static final String CLAIM = """
            with demand as (
                select * from unnest(cast(:tenants as uuid[]), cast(:wanted as integer[])) as d(tenant_id, wanted)
            ),
            slots as (
                select c.tenant_id, t.max_concurrent_executions - c.running as room,
                       greatest(0, least(d.wanted, t.max_concurrent_executions - c.running)) as free
                from tenant_counters c
                join demand d on d.tenant_id = c.tenant_id
                join tenants t on t.id = c.tenant_id
                order by c.tenant_id
                for update of c
            ),
            picked as (
                select e.id
                from slots s
                cross join lateral (
                    select q.id from executions q
                    where q.tenant_id = s.tenant_id and q.status = 'queued'
                      and (q.run_after is null or q.run_after <= now())
                      and (q.thread_id is null or not exists (
                          select 1 from executions p
                          where p.thread_id = q.thread_id and p.thread_seq < q.thread_seq
                            and p.status in ('queued', 'running', 'waiting')))
                    order by q.id
                    limit s.free
                    for update skip locked
                ) e
            ),
            moved as (
                update executions e
                set status = 'running', attempt = e.attempt + 1, lease_owner = :owner,
                    lease_expires_at = now() + cast(:lease as interval),
                    started_at = coalesce(e.started_at, clock_timestamp()), run_after = null,
                    last_event_seq = e.last_event_seq + 1, updated_at = clock_timestamp()
                -- By primary key: picked holds these rows locked, still queued (its lock re-checked that). A join on
                -- picked let the planner, which cannot tell how many rows a limit per tenant leaves, scan the whole
                -- table; a status literal let stale statistics choose a scan of every queued execution.
                where e.id = any(array(select p.id from picked p))
                returning e.id, e.tenant_id, e.attempt, e.max_attempts, e.agent, e.input, e.input_tokens,
                          e.output_tokens, e.llm_calls, e.tool_calls, e.created_at, e.started_at, e.trace_parent,
                          e.last_event_seq, e.updated_at, e.thread_id, e.thread_seq
            ),
            announced as (
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                select id, last_event_seq, tenant_id, 'running', 'running',
                       jsonb_build_object('attempt', attempt, 'worker', cast(:owner as text)), updated_at
                from moved
                returning execution_id, seq, global_seq, payload::text as payload
            )
            select s.tenant_id as slot_tenant, s.room, m.id, m.attempt, m.max_attempts, m.agent::text as agent, m.input,
                   m.input_tokens, m.output_tokens, m.llm_calls, m.tool_calls, m.created_at, m.started_at,
                   m.trace_parent, m.updated_at, m.thread_id, m.thread_seq, a.seq, a.global_seq, a.payload
            from slots s
            left join moved m on m.tenant_id = s.tenant_id
            left join announced a on a.execution_id = m.id""";

    /**
     * Writes the input of each claimed thread run that has none yet as its thread's next {@code user} message. Apart
     * from the claim, so that a claim of runs on no thread (nearly all of them) plans and runs no thread writes; "has
     * none yet" rather than "first start", so that a worker that stopped between the two statements leaves it to the
     * next attempt. Nothing else writes on the thread meanwhile: its runs go one at a time, and a run told to stop
     * (cancelled, interrupted, rolled back, thread deleted) has its {@code stop_before} passed and writes nothing.
     */
    private void writeThreadInputs(List<Claimed> claimed) {
        UUID[] onThreads = claimed.stream()
                .filter(run -> run.thread() != null)
                .map(run -> run.attempt().execution().value())
                .toArray(UUID[]::new);
        if (onThreads.length > 0) {
            jdbc.sql(THREAD_INPUTS).param("ids", onThreads).update();
        }
    }

    private static final String THREAD_INPUTS = """
            with asked as (
                update threads t
                set last_message_seq = t.last_message_seq + 1
                from executions m
                where m.id = any(cast(:ids as uuid[])) and m.status = 'running' and m.thread_id is not null
                  and t.tenant_id = m.tenant_id and t.id = m.thread_id and m.thread_seq >= t.stop_before
                  and not exists (
                      select 1 from thread_messages x where x.execution_id = m.id and x.role = 'user')
                returning t.id, t.last_message_seq, m.id as execution_id, m.tenant_id, m.input, m.updated_at
            )
            insert into thread_messages (thread_id, seq, tenant_id, execution_id, role, content, created_at)
            select id, last_message_seq, tenant_id, execution_id, 'user', input, updated_at from asked""";

    private static Claimed claimedFrom(ResultSet rs, String owner) throws SQLException {
        TenantId tenant = new TenantId(rs.getObject("slot_tenant", UUID.class));
        ExecutionId id = new ExecutionId(rs.getObject("id", UUID.class));
        int number = rs.getInt("attempt");
        long seq = rs.getLong("seq");
        Instant at = instant(rs, "updated_at");
        ExecutionEvent started = new ExecutionEvent(ExecutionEvent.CURRENT_VERSION, id.value(), tenant.value(), seq,
                ExecutionEventType.RUNNING, ExecutionStatus.RUNNING, JSON.readTree(rs.getString("payload")), at,
                rs.getLong("global_seq"));
        Usage usage = new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getInt("llm_calls"),
                rs.getInt("tool_calls"));
        UUID thread = rs.getObject("thread_id", UUID.class);
        // queued (1) then running (2) is a first start; anything longer means an earlier attempt ran.
        return new Claimed(new Attempt(tenant, id, number, owner), rs.getInt("max_attempts"),
                JSON.readValue(rs.getString("agent"), AgentSpec.class), rs.getString("input"), usage,
                instant(rs, "created_at"), instant(rs, "started_at"), rs.getString("trace_parent"), seq > 2, started,
                thread == null ? null : new ThreadRun(thread, rs.getLong("thread_seq")));
    }

    /** An attempt's end: its outcome's terminal status, with its result or error and the usage it reached. */
    public record Finish(Attempt attempt, Outcome outcome) {
    }

    /** {@code running →} the outcome's terminal status; empty when the attempt no longer holds its lease. */
    public Optional<ExecutionEvent> finish(Attempt attempt, Outcome outcome) {
        return finishAll(List.of(new Finish(attempt, outcome))).getFirst();
    }

    /** {@link #finish} for many attempts in one statement; one answer per finish, in order. */
    public List<Optional<ExecutionEvent>> finishAll(List<Finish> finishes) {
        return finishes.isEmpty() ? List.of() : writes.finish(finishes);
    }

    /** A recorded step's event, and whether the client asked to cancel meanwhile. */
    public record StepRecorded(ExecutionEvent event, boolean cancelRequested) {
    }

    /**
     * {@code running → running}: a completed call, as the step its attempt numbered it, with its {@code step} event
     * and the usage it adds; a call stored as an intent before it was sent is completed in place. Many attempts'
     * steps go in one statement; one answer per step, in order, empty when that attempt no longer holds its lease.
     */
    public List<Optional<StepRecorded>> recordSteps(List<StepWrite> steps) {
        return steps.isEmpty() ? List.of() : writes.record(steps);
    }

    /**
     * {@code running → queued}: the attempt failed for a passing reason; it counts against {@code max_attempts}, and
     * no worker claims the execution again before {@code runAfter} (the backoff).
     */
    public Optional<ExecutionEvent> retryLater(Attempt attempt, FailureCode code, String message, Instant runAfter) {
        return journal.apply(new ExecutionChange(attempt.tenant(), attempt.execution(), attempt.fence(),
                ExecutionStatus.QUEUED, ExecutionEventType.RETRYING,
                Map.of("attempt", attempt.number(), "reason", code.name() + ": " + message),
                List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"),
                        ColumnUpdate.value("run_after", runAfter))));
    }

    /**
     * {@code running → queued} without spending the attempt: a worker shutting down gives back what it could not
     * finish, for another worker to take at once.
     */
    public Optional<ExecutionEvent> handBack(Attempt attempt, String reason) {
        return journal.apply(new ExecutionChange(attempt.tenant(), attempt.execution(), attempt.fence(),
                ExecutionStatus.QUEUED, ExecutionEventType.RETRYING, Map.of("attempt", attempt.number(), "reason", reason),
                List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"),
                        ColumnUpdate.sql("attempt", "attempt - 1"))));
    }

    /** An attempt whose worker stopped renewing its lease, as recovery found it. */
    public record Expired(TenantId tenant, ExecutionId execution, int number, int maxAttempts, String leaseOwner) {

        public boolean hasAttemptsLeft() {
            return number < maxAttempts;
        }
    }

    /**
     * Locks up to {@code limit} running executions whose lease expired by the database clock ({@code SKIP LOCKED},
     * so every worker may sweep at once); the caller requeues or exhausts each in the same transaction.
     */
    public List<Expired> lockExpiredLeases(int limit) {
        return jdbc.sql("""
                select id, tenant_id, attempt, max_attempts, lease_owner from executions
                where status = 'running' and lease_expires_at < now()
                order by lease_expires_at limit :limit
                for update skip locked""")
                .param("limit", limit)
                .query((rs, row) -> new Expired(new TenantId(rs.getObject("tenant_id", UUID.class)),
                        new ExecutionId(rs.getObject("id", UUID.class)), rs.getInt("attempt"), rs.getInt("max_attempts"),
                        rs.getString("lease_owner")))
                .list();
    }

    /** {@code running → queued} for an expired lease: the next attempt may start at once. */
    public Optional<ExecutionEvent> requeueExpired(Expired expired) {
        return journal.apply(new ExecutionChange(expired.tenant(), expired.execution(), expiredGuard(expired),
                ExecutionStatus.QUEUED, ExecutionEventType.RETRYING,
                Map.of("attempt", expired.number(), "reason", "lease of " + expired.leaseOwner() + " expired"),
                List.of(ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"))));
    }

    /** {@code running → failed}: the last attempt's worker died; there is no attempt left. */
    public Optional<ExecutionEvent> exhaust(Expired expired) {
        String message = "attempt " + expired.number() + " of " + expired.maxAttempts() + " lost its worker";
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("attempt", expired.number());
        List<ColumnUpdate> updates = new ArrayList<>(List.of(
                ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null"),
                ColumnUpdate.value("finished_at", clock.instant())));
        failedWith(updates, payload, FailureCode.ATTEMPTS_EXHAUSTED.name(), message);
        return journal.apply(new ExecutionChange(expired.tenant(), expired.execution(), expiredGuard(expired),
                ExecutionStatus.FAILED, ExecutionEventType.FAILED, payload, updates));
    }

    /** The row is locked by {@link #lockExpiredLeases}: the attempt number is enough to know nothing moved it. */
    private static Guard expiredGuard(Expired expired) {
        return new Guard(ExecutionStatus.RUNNING, null, expired.number());
    }

    private static void failedWith(List<ColumnUpdate> updates, Map<String, Object> payload, String code, String message) {
        updates.add(ColumnUpdate.value("error_code", code));
        updates.add(ColumnUpdate.value("error_message", message));
        payload.put("error", error(code, message));
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("code", code, "message", message);
    }

}
