package com.agentplatform.worker.execution;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.execution.ExecutionTransitions.StepRecorded;
import com.agentplatform.common.execution.StepWrite;
import com.agentplatform.common.execution.ThreadMessage;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.runtime.AttemptAbandonedException;
import com.agentplatform.worker.runtime.Step;
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
    private final GroupCommits commits;
    private final TransactionTemplate transactions;

    ExecutionSteps(JdbcClient jdbc, GroupCommits commits, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.transactions = transactions;
    }

    /**
     * Records step {@code seq} and its event (completing it in place when it was stored as an intent); throws
     * {@link AttemptAbandonedException} when this attempt lost its fence.
     */
    StepRecorded recordStep(ClaimedExecution run, int seq, Step step) {
        StepWrite write = new StepWrite(run.lease(), seq, step.kind(), step.name(), step.input(), step.output(),
                step.startedAt(), step.durationMs(), step.inputTokens(), step.outputTokens(), threadMessage(run, step));
        return commits.recordStep(write)
                .orElseThrow(() -> new AttemptAbandonedException("attempt " + run.attempt() + " of " + run.id() + " lost its lease"));
    }

    /**
     * What a step of a thread's run adds to the thread: a model's reply (its text and tool calls) as {@code assistant}, a
     * tool's result (or error) as {@code tool}. Null for a run on no thread.
     */
    static ThreadMessage threadMessage(ClaimedExecution run, Step step) {
        if (run.thread() == null) {
            return null;
        }
        if (step.isLlm()) {
            Object calls = step.output().get("tool_calls");
            return new ThreadMessage(run.thread().thread(), run.thread().seq(), "assistant", text(step.output().get("text")),
                    calls == null ? null : JSON.writeValueAsString(calls), null);
        }
        Object error = step.output().get("error");
        return new ThreadMessage(run.thread().thread(), run.thread().seq(), "tool",
                text(error != null ? error : step.output().get("result")), null, step.callId());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * Records a tool call's intent before the call is sent: its step, with no event yet (the step's event comes with its
     * result, through {@link #recordStep} with the same number). Fenced like every write of the attempt and taken under
     * a share lock on the execution, so a worker taking the execution over either sees this intent when it loads the
     * steps, or has moved the attempt on before it, and then this throws {@link AttemptAbandonedException} and nothing
     * may be sent.
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
            int written = jdbc.sql("""
                    insert into execution_steps (execution_id, seq, tenant_id, attempt, kind, name, input, output,
                                                 started_at, duration_ms)
                    values (:id, :seq, :tenant, :attempt, :kind, :name, cast(:input as jsonb), cast(:output as jsonb),
                            :startedAt, :duration)
                    -- A call a person approved has its step already (the decision): the intent takes it over in place.
                    on conflict (execution_id, seq) do update
                        set attempt = excluded.attempt, output = excluded.output, started_at = excluded.started_at
                        where execution_steps.output ->> 'approved' is not null""")
                    .param("id", run.id().value())
                    .param("seq", seq)
                    .param("tenant", run.tenant().value())
                    .param("attempt", run.attempt())
                    .param("kind", intent.kind())
                    .param("name", intent.name())
                    .param("input", JSON.writeValueAsString(intent.input()))
                    .param("output", JSON.writeValueAsString(intent.output()))
                    .param("startedAt", timestamp(intent.startedAt()))
                    .param("duration", intent.durationMs())
                    .update();
            if (written != 1) {
                // The step exists and is no approved call waiting to be made: never send a call its step does not allow.
                throw new AttemptAbandonedException("step " + seq + " of " + run.id() + " is recorded already");
            }
        });
    }
}
