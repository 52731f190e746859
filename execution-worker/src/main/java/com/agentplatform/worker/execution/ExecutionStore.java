package com.agentplatform.worker.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ColumnUpdate;
import com.agentplatform.common.execution.ExecutionChange;
import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.Guard;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.runtime.History;
import com.agentplatform.worker.runtime.Usage;
import com.agentplatform.worker.runtime.RunOutcome;
import com.agentplatform.worker.runtime.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The worker's reads and guarded writes of executions; every write of a running attempt carries its fence. */
@Repository
class ExecutionStore {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ExecutionStore(JdbcClient jdbc, ExecutionJournal journal, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What a claim found. */
    sealed interface Claim {
        record Claimed(ClaimedExecution run) implements Claim {
        }

        /** Claimable, but its tenant already runs {@code max_concurrent_executions}: it waits. */
        record AtCapacity() implements Claim {
        }

        /** Nothing to claim: a duplicate or stale request, or an execution that ended (or never existed). */
        record NotClaimable() implements Claim {
        }
    }

    /**
     * Claims the attempt the request announces: only a queued execution whose attempt counter is one below it, and
     * only while its tenant runs fewer than {@code max_concurrent_executions} (counted under a per-tenant lock, so
     * workers racing for the last slot cannot both win). The lease expiry uses the database clock.
     */
    Claim claim(ExecutionRequested request, String owner, Duration lease) {
        return transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(cast(:tenant as text), 2))")
                    .param("tenant", request.tenantId().toString())
                    .query((rs, row) -> 1)
                    .list();
            Optional<Integer> free = jdbc.sql("""
                    select t.max_concurrent_executions
                           - (select count(*) from executions e where e.tenant_id = t.id and e.status = 'running')
                    from tenants t where t.id = :tenant""")
                    .param("tenant", request.tenantId())
                    .query(Integer.class)
                    .optional();
            if (free.isEmpty()) {
                return new Claim.NotClaimable();
            }
            if (free.get() <= 0) {
                return isClaimable(request) ? new Claim.AtCapacity() : new Claim.NotClaimable();
            }
            // Read the clock only now, under the lock: a start is never recorded before the finish that freed its slot.
            List<ColumnUpdate> updates = new ArrayList<>(List.of(
                    ColumnUpdate.sql("attempt", "attempt + 1"),
                    ColumnUpdate.value("lease_owner", owner),
                    ColumnUpdate.sql("lease_expires_at", leaseExpiry(lease))));
            if (request.attempt() == 1) {
                updates.add(ColumnUpdate.value("started_at", clock.instant()));
            }
            Map<String, Object> payload = Map.of("attempt", request.attempt(), "worker", owner);
            Optional<ExecutionEvent> started = journal.apply(new ExecutionChange(request.tenant(), request.execution(),
                    Guard.queuedAfter(request.attempt() - 1), ExecutionStatus.RUNNING, ExecutionEventType.RUNNING, payload,
                    updates));
            return started.<Claim>map(event -> new Claim.Claimed(load(request, owner, event))).orElseGet(Claim.NotClaimable::new);
        });
    }

    private boolean isClaimable(ExecutionRequested request) {
        return jdbc.sql("select count(*) from executions where tenant_id = :tenant and id = :id and status = 'queued' and attempt = :attempt")
                .param("tenant", request.tenantId())
                .param("id", request.executionId())
                .param("attempt", request.attempt() - 1)
                .query(Long.class)
                .single() == 1;
    }

    private ClaimedExecution load(ExecutionRequested request, String owner, ExecutionEvent started) {
        // Also for a first attempt: one handed back on shutdown runs again as attempt 1, with steps recorded.
        List<Step> steps = recordedSteps(request);
        return jdbc.sql("""
                select agent::text as agent, input, attempt, max_attempts, input_tokens, output_tokens, llm_calls, tool_calls,
                       started_at, created_at, trace_parent
                from executions where tenant_id = :tenant and id = :id""")
                .param("tenant", request.tenantId())
                .param("id", request.executionId())
                .query((rs, row) -> new ClaimedExecution(request.tenant(), request.execution(), rs.getInt("attempt"),
                        rs.getInt("max_attempts"), owner, JSON.readValue(rs.getString("agent"), AgentSpec.class),
                        rs.getString("input"), steps.size(), started,
                        new History(steps, new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                                rs.getInt("llm_calls"), rs.getInt("tool_calls")), ExecutionJournal.instant(rs, "started_at")),
                        ExecutionJournal.instant(rs, "created_at"), rs.getString("trace_parent")))
                .single();
    }

    /** The steps earlier attempts recorded, in order. */
    private List<Step> recordedSteps(ExecutionRequested request) {
        return jdbc.sql("""
                select kind, name, input::text as input, output::text as output, started_at, duration_ms
                from execution_steps where tenant_id = :tenant and execution_id = :id order by seq""")
                .param("tenant", request.tenantId())
                .param("id", request.executionId())
                .query((rs, row) -> new Step(rs.getString("kind"), rs.getString("name"),
                        JSON.readValue(rs.getString("input"), MAP), JSON.readValue(rs.getString("output"), MAP),
                        rs.getTimestamp("started_at").toInstant(), rs.getLong("duration_ms"), 0, 0))
                .list();
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP = new tools.jackson.core.type.TypeReference<>() {
    };

    /** The owner of an execution, whatever the tenant: tells a poison request from a duplicate. */
    Optional<TenantId> ownerOf(ExecutionId id) {
        return jdbc.sql("select tenant_id from executions where id = :id")
                .param("id", id.value())
                .query(UUID.class)
                .optional()
                .map(TenantId::new);
    }

    /** A tenant's oldest queued executions, as the wake-ups that would claim their next attempt. */
    List<ExecutionRequested> queuedOf(TenantId tenant, int limit) {
        return jdbc.sql("""
                select id, attempt, updated_at from executions
                where tenant_id = :tenant and status = 'queued'
                order by updated_at, id
                limit :limit""")
                .param("tenant", tenant.value())
                .param("limit", limit)
                .query((rs, row) -> ExecutionRequested.of(new ExecutionId(rs.getObject("id", UUID.class)), tenant,
                        rs.getInt("attempt") + 1, rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    /** Ends the attempt in the outcome's terminal status; empty when the attempt lost its fence meanwhile. */
    Optional<ExecutionEvent> finish(ClaimedExecution run, RunOutcome outcome) {
        List<ColumnUpdate> updates = new ArrayList<>(List.of(
                ColumnUpdate.value("finished_at", clock.instant()),
                ColumnUpdate.sql("lease_owner", "null"),
                ColumnUpdate.sql("lease_expires_at", "null")));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("attempt", run.attempt());
        payload.put("usage", Map.of("input_tokens", outcome.usage().inputTokens(),
                "output_tokens", outcome.usage().outputTokens(),
                "llm_calls", outcome.usage().llmCalls(),
                "tool_calls", outcome.usage().toolCalls()));
        ExecutionStatus to = switch (outcome) {
            case RunOutcome.Succeeded succeeded -> {
                updates.add(ColumnUpdate.value("result", succeeded.result()));
                payload.put("result", succeeded.result());
                yield ExecutionStatus.SUCCEEDED;
            }
            case RunOutcome.Failed failed -> {
                updates.add(ColumnUpdate.value("error_code", failed.code()));
                updates.add(ColumnUpdate.value("error_message", failed.message()));
                payload.put("error", Map.of("code", failed.code(), "message", failed.message()));
                yield ExecutionStatus.FAILED;
            }
            case RunOutcome.Cancelled cancelled -> {
                updates.add(ColumnUpdate.value("error_code", "CANCELLED"));
                updates.add(ColumnUpdate.value("error_message", cancelled.message()));
                payload.remove("usage");
                payload.put("error", Map.of("code", "CANCELLED", "message", cancelled.message()));
                yield ExecutionStatus.CANCELLED;
            }
            case RunOutcome.TimedOut timedOut -> {
                updates.add(ColumnUpdate.value("error_code", "TIMED_OUT"));
                updates.add(ColumnUpdate.value("error_message", timedOut.message()));
                payload.put("error", Map.of("code", "TIMED_OUT", "message", timedOut.message()));
                yield ExecutionStatus.TIMED_OUT;
            }
        };
        return transactions.execute(status -> journal.apply(new ExecutionChange(run.tenant(), run.id(), run.fence(), to,
                ExecutionEventType.announcing(to), payload, updates)));
    }

    /**
     * Gives the attempt back: the execution goes back to {@code queued} with a {@code retrying} event, its lease
     * cleared. With {@code keepAttempt} (a graceful release, not a failure) the attempt does not count against
     * {@code max_attempts}. Empty when the attempt no longer held its fence.
     */
    Optional<ExecutionEvent> requeue(ClaimedExecution run, String reason, boolean keepAttempt) {
        List<ColumnUpdate> updates = new ArrayList<>(List.of(
                ColumnUpdate.sql("lease_owner", "null"), ColumnUpdate.sql("lease_expires_at", "null")));
        if (keepAttempt) {
            updates.add(ColumnUpdate.sql("attempt", "attempt - 1"));
        }
        return transactions.execute(status -> journal.apply(new ExecutionChange(run.tenant(), run.id(), run.fence(),
                ExecutionStatus.QUEUED, ExecutionEventType.RETRYING,
                Map.of("attempt", run.attempt(), "reason", reason), updates)));
    }

    /**
     * Extends the leases this worker still holds, each for the attempt that runs here: a lease the execution's next
     * attempt holds is that attempt's to renew. Returns how many it renewed.
     */
    int renewLeases(String owner, Collection<RunningAttempt> attempts, Duration lease) {
        if (attempts.isEmpty()) {
            return 0;
        }
        List<Object[]> pairs = attempts.stream().map(run -> new Object[] {run.execution(), run.attempt()}).toList();
        return jdbc.sql("update executions set lease_expires_at = " + leaseExpiry(lease)
                        + " where lease_owner = :owner and status = 'running' and (id, attempt) in (:attempts)")
                .param("owner", owner)
                .param("attempts", pairs)
                .update();
    }

    /** Lease times come from the database clock, so workers' clocks never disagree about expiry. */
    private static String leaseExpiry(Duration lease) {
        return "now() + interval '" + lease.toMillis() + " milliseconds'";
    }
}
