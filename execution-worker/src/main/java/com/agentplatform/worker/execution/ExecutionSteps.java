package com.agentplatform.worker.execution;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.execution.ColumnUpdate;
import com.agentplatform.common.execution.ExecutionChange;
import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.worker.runtime.AttemptAbandonedException;
import com.agentplatform.worker.runtime.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of a running attempt: each written with its {@code step} event, fenced by the attempt's lease. A tool
 * call with side effects is written twice: as an intent before it is sent (no event), then completed in place with
 * its result (with the event), so step numbers and event numbers both stay gapless.
 */
@Repository
class ExecutionSteps {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final ExecutionJournal journal;
    private final TransactionTemplate transactions;

    ExecutionSteps(JdbcClient jdbc, ExecutionJournal journal, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.transactions = transactions;
    }

    /** Records a step and its event; throws {@link AttemptAbandonedException} when this attempt lost its fence. */
    RecordedStep recordStep(ClaimedExecution run, int seq, Step step) {
        return transactions.execute(status -> {
            RecordedStep recorded = announceStep(run, seq, step);
            insertStep(run, seq, step);
            return recorded;
        });
    }

    /**
     * Records a tool call's intent before the call is sent: its step, with no event yet (the step's event comes with its
     * result, {@link #completeIntent}). Fenced like every write of the attempt and taken under a share lock on the
     * execution, so a worker taking the execution over either sees this intent when it loads the steps, or has moved
     * the attempt on before it, and then this throws {@link AttemptAbandonedException} and nothing may be sent.
     */
    void recordIntent(ClaimedExecution run, int seq, Step intent) {
        transactions.executeWithoutResult(status -> {
            boolean holdsLease = jdbc.sql("""
                    select 1 from executions
                    where tenant_id = :tenant and id = :id and status = 'running' and lease_owner = :owner and attempt = :attempt
                    for share""")
                    .param("tenant", run.tenant().value())
                    .param("id", run.id().value())
                    .param("owner", run.leaseOwner())
                    .param("attempt", run.attempt())
                    .query(Integer.class)
                    .optional()
                    .isPresent();
            if (!holdsLease) {
                throw new AttemptAbandonedException("attempt " + run.attempt() + " of " + run.id() + " lost its lease");
            }
            insertStep(run, seq, intent);
        });
    }

    /** Completes step {@code seq}, an intent (of this attempt or an earlier one), with its result, and announces it. */
    RecordedStep completeIntent(ClaimedExecution run, int seq, Step step) {
        return transactions.execute(status -> {
            RecordedStep recorded = announceStep(run, seq, step);
            int completed = jdbc.sql("""
                    update execution_steps set output = cast(:output as jsonb), duration_ms = :duration
                    where tenant_id = :tenant and execution_id = :id and seq = :seq and output ->> 'intent' is not null""")
                    .param("output", JSON.writeValueAsString(step.output()))
                    .param("duration", step.durationMs())
                    .param("tenant", run.tenant().value())
                    .param("id", run.id().value())
                    .param("seq", seq)
                    .update();
            if (completed != 1) {
                throw new IllegalStateException("step " + seq + " of " + run.id() + " is not an open intent");
            }
            return recorded;
        });
    }

    /** The step's event and usage, fenced; whether the client asked to cancel meanwhile. */
    private RecordedStep announceStep(ClaimedExecution run, int seq, Step step) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("step", seq);
        payload.put("kind", step.kind());
        payload.put("name", step.name());
        payload.put("duration_ms", step.durationMs());
        List<ColumnUpdate> usage = step.isLlm()
                ? List.of(ColumnUpdate.sql("llm_calls", "llm_calls + 1"),
                        ColumnUpdate.sql("input_tokens", "input_tokens + " + step.inputTokens()),
                        ColumnUpdate.sql("output_tokens", "output_tokens + " + step.outputTokens()))
                : List.of(ColumnUpdate.sql("tool_calls", "tool_calls + 1"));
        ExecutionEvent event = journal.apply(new ExecutionChange(run.tenant(), run.id(), run.lease().fence(),
                ExecutionStatus.RUNNING, ExecutionEventType.STEP, payload, usage))
                .orElseThrow(() -> new AttemptAbandonedException("attempt " + run.attempt() + " of " + run.id() + " lost its lease"));
        boolean cancelRequested = jdbc.sql("select cancel_requested from executions where id = :id")
                .param("id", run.id().value())
                .query(Boolean.class)
                .single();
        return new RecordedStep(event, cancelRequested);
    }

    private void insertStep(ClaimedExecution run, int seq, Step step) {
        jdbc.sql("""
                insert into execution_steps (execution_id, seq, tenant_id, attempt, kind, name, input, output,
                                             started_at, duration_ms)
                values (:id, :seq, :tenant, :attempt, :kind, :name, cast(:input as jsonb), cast(:output as jsonb),
                        :startedAt, :duration)""")
                .param("id", run.id().value())
                .param("seq", seq)
                .param("tenant", run.tenant().value())
                .param("attempt", run.attempt())
                .param("kind", step.kind())
                .param("name", step.name())
                .param("input", JSON.writeValueAsString(step.input()))
                .param("output", JSON.writeValueAsString(step.output()))
                .param("startedAt", timestamp(step.startedAt()))
                .param("duration", step.durationMs())
                .update();
    }

    /** A recorded step's event, and whether the client has asked to cancel meanwhile. */
    record RecordedStep(ExecutionEvent event, boolean cancelRequested) {
    }
}
