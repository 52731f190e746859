package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.runtime.EarlierMessage;
import com.agentplatform.worker.runtime.History;
import com.agentplatform.worker.runtime.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The worker's reads around a claim: what earlier attempts recorded, whose work waits, and lease renewal. */
@Repository
class ExecutionStore {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> CALLS = new TypeReference<>() {
    };
    /** The most messages of a thread a run reads back before trimming them to its budget. */
    static final int MAX_HISTORY_MESSAGES = 1_000;
    /** Leases renewed per statement: a worker may hold ten thousand runs. */
    private static final int RENEWALS_PER_STATEMENT = 1_000;

    private final JdbcClient jdbc;

    ExecutionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A claimed attempt, with the steps earlier attempts recorded when there were any (a first start has none), and for
     * a run on a thread the thread's earlier messages (one more query, for thread runs only).
     */
    ClaimedExecution withHistory(ExecutionTransitions.Claimed claimed) {
        List<Step> steps = claimed.resumed() ? recordedSteps(claimed.attempt()) : List.of();
        // timeout_seconds counts running time: a run that waited for approvals starts that much later, as it were.
        Instant startedAt = claimed.resumed() && claimed.startedAt() != null
                ? claimed.startedAt().plusMillis(waitedMs(claimed.attempt())) : claimed.startedAt();
        List<EarlierMessage> earlier = claimed.thread() == null ? List.of()
                : earlierMessages(claimed.attempt(), claimed.thread(), claimed.agent().historyTokens());
        return new ClaimedExecution(claimed.attempt(), claimed.maxAttempts(), claimed.agent(), claimed.input(), steps.size(),
                claimed.started(), new History(steps, claimed.usageSoFar(), startedAt, earlier), claimed.createdAt(),
                claimed.traceParent(), claimed.thread());
    }

    /**
     * The thread's messages from earlier runs, oldest first, as many of the newest as fit in {@code historyTokens}
     * (estimated at four characters a token, like the offline model counts). Never more than the newest
     * {@value #MAX_HISTORY_MESSAGES} are read, however long the thread.
     */
    private List<EarlierMessage> earlierMessages(ExecutionTransitions.Attempt attempt, ExecutionTransitions.ThreadRun thread,
            int historyTokens) {
        return jdbc.sql("""
                select role, content, tool_calls::text as tool_calls, tool_call_id from (
                    select seq, role, content, tool_calls, tool_call_id,
                           sum(coalesce(length(content), 0) + coalesce(length(tool_calls::text), 0))
                               over (order by seq desc) as chars
                    from (select * from thread_messages
                          where thread_id = :thread and tenant_id = :tenant and execution_id <> :id
                          order by seq desc limit :most) newest
                ) sized
                where chars <= :budget
                order by seq""")
                .param("thread", thread.thread())
                .param("tenant", attempt.tenant().value())
                .param("id", attempt.execution().value())
                .param("most", MAX_HISTORY_MESSAGES)
                .param("budget", historyTokens * 4L)
                .query((rs, row) -> {
                    String calls = rs.getString("tool_calls");
                    return new EarlierMessage(rs.getString("role"), rs.getString("content"),
                            calls == null ? List.of() : JSON.readValue(calls, CALLS), rs.getString("tool_call_id"));
                })
                .list();
    }

    /** Time the run spent waiting for people's decisions; read only for resumed runs (a first start waited for none). */
    private long waitedMs(ExecutionTransitions.Attempt attempt) {
        return jdbc.sql("select waited_ms from executions where tenant_id = :tenant and id = :id")
                .param("tenant", attempt.tenant().value())
                .param("id", attempt.execution().value())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Whether the client asked to cancel the execution (a flag a running attempt reads with each step). */
    boolean cancelRequested(ClaimedExecution run) {
        return jdbc.sql("select cancel_requested from executions where tenant_id = :tenant and id = :id")
                .param("tenant", run.tenant().value())
                .param("id", run.id().value())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The steps earlier attempts recorded, in order. */
    private List<Step> recordedSteps(ExecutionTransitions.Attempt attempt) {
        return jdbc.sql("""
                select kind, name, input::text as input, output::text as output, started_at, duration_ms
                from execution_steps where tenant_id = :tenant and execution_id = :id order by seq""")
                .param("tenant", attempt.tenant().value())
                .param("id", attempt.execution().value())
                .query((rs, row) -> new Step(rs.getString("kind"), rs.getString("name"),
                        JSON.readValue(rs.getString("input"), MAP), JSON.readValue(rs.getString("output"), MAP),
                        rs.getTimestamp("started_at").toInstant(), rs.getLong("duration_ms"), 0, 0))
                .list();
    }

    /** Tenants with queued executions, for a worker that (re)joins the consumer group to look after at once. */
    List<TenantId> tenantsWithQueuedWork() {
        return jdbc.sql("select tenant_id from tenant_counters where queued > 0")
                .query(UUID.class)
                .list()
                .stream()
                .map(TenantId::new)
                .toList();
    }

    /**
     * Extends the leases this worker still holds, by (execution, attempt); returns how many it renewed. Rows another
     * statement holds at that instant (a step or a finish of the same run being written) are skipped rather than
     * waited for: waiting, with a thousand rows taken in no particular order against batches that take theirs in
     * another, deadlocked, and a renewal that fails lets every lease of the worker run out. The skipped ones are
     * tried once more at the end; one still busy then has the rest of its lease (two renewal rounds) to be renewed.
     */
    int renewLeases(String owner, Collection<RunningAttempt> attempts, Duration lease) {
        List<RunningAttempt> left = List.copyOf(attempts);
        int renewed = 0;
        for (int pass = 0; pass < 2 && !left.isEmpty(); pass++) {
            Set<UUID> done = new HashSet<>();
            for (int from = 0; from < left.size(); from += RENEWALS_PER_STATEMENT) {
                done.addAll(renewOrSkip(owner, left.subList(from, Math.min(left.size(), from + RENEWALS_PER_STATEMENT)), lease));
            }
            renewed += done.size();
            left = left.stream().filter(attempt -> !done.contains(attempt.execution())).toList();
        }
        return renewed;
    }

    private List<UUID> renewOrSkip(String owner, List<RunningAttempt> chunk, Duration lease) {
        return jdbc.sql("""
                with mine as materialized (
                    -- by primary key, and the status from the input, not a literal: see AttemptWrites
                    select *, text 'running' as held
                    from unnest(cast(:ids as uuid[]), cast(:attempts as integer[])) as h(id, attempt)
                ),
                held as (
                    select e.id from executions e
                    join mine h on e.id = h.id and e.attempt = h.attempt and e.status = h.held
                    where e.id = any(array(select id from mine)) and e.lease_owner = :owner
                    for update of e skip locked
                )
                update executions set lease_expires_at = now() + cast(:lease as interval)
                from held where executions.id = held.id
                returning executions.id""")
                .param("lease", lease.toMillis() + " milliseconds")
                .param("ids", chunk.stream().map(RunningAttempt::execution).toArray(UUID[]::new))
                .param("attempts", chunk.stream().map(RunningAttempt::attempt).toArray(Integer[]::new))
                .param("owner", owner)
                .query(UUID.class)
                .list();
    }
}
