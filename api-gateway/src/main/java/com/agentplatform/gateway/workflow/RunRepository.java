package com.agentplatform.gateway.workflow;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.workflow.StepState;
import com.agentplatform.common.workflow.StepTree;
import com.agentplatform.common.workflow.WorkflowStep;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Workflow runs, their steps and events, and the advances that wait for them. */
@Repository
class RunRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    RunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A run as the advancer works on it: its copy of the steps, its input and status. */
    record Run(UUID id, TenantId tenant, UUID workflowId, List<WorkflowStep> steps, String status, String input) {
    }

    void insert(UUID id, TenantId tenant, UUID workflowId, List<WorkflowStep> steps, String input,
            Map<String, Object> metadata, Instant now) {
        jdbc.sql("""
                insert into workflow_runs (id, tenant_id, workflow_id, steps, status, input, metadata, created_at, started_at)
                values (:id, :tenant, :workflow, cast(:steps as jsonb), 'running', :input, cast(:metadata as jsonb), :now, :now)""")
                .param("id", id)
                .param("tenant", tenant.value())
                .param("workflow", workflowId)
                .param("steps", WorkflowRepository.JSON.writeValueAsString(steps))
                .param("input", input)
                .param("metadata", metadata == null ? null : WorkflowRepository.JSON.writeValueAsString(metadata), Types.VARCHAR)
                .param("now", timestamp(now))
                .update();
    }

    /** The run, locked until the transaction ends: every advance and cancel of one run happens one at a time. */
    Optional<Run> lock(UUID id) {
        return jdbc.sql("select id, tenant_id, workflow_id, steps, status, input from workflow_runs where id = :id for update")
                .param("id", id)
                .query((rs, row) -> new Run(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("workflow_id", UUID.class),
                        WorkflowRepository.JSON.readValue(rs.getString("steps"), WorkflowRepository.STEPS),
                        rs.getString("status"), rs.getString("input")))
                .optional();
    }

    Optional<Run> lock(TenantId tenant, UUID id) {
        return lock(id).filter(run -> run.tenant().equals(tenant));
    }

    void finish(UUID id, String status, String result, String error, Instant now) {
        jdbc.sql("""
                update workflow_runs set status = :status, result = :result, error_message = :error, finished_at = :now
                where id = :id and status = 'running'""")
                .param("id", id)
                .param("status", status)
                .param("result", result, Types.VARCHAR)
                .param("error", error, Types.VARCHAR)
                .param("now", timestamp(now))
                .update();
    }

    /**
     * Webhook deliveries of the run's end ({@code workflow_run.succeeded} or {@code .failed}) to the tenant's endpoints
     * that asked for it, in the transaction that ends the run, as the execution trigger does for executions.
     */
    void announceEnd(UUID run, TenantId tenant, String status, Instant now) {
        jdbc.sql("""
                insert into webhook_deliveries (id, endpoint_id, tenant_id, event_type, workflow_run_id, event_at,
                                                next_attempt_at, created_at)
                select webhook_uuid_v7(), w.id, :tenant, :type, :run, :now, :now, :now
                from webhook_endpoints w
                where w.tenant_id = :tenant and w.enabled and :type = any (w.events)""")
                .param("run", run)
                .param("tenant", tenant.value())
                .param("type", "workflow_run." + status)
                .param("now", timestamp(now))
                .update();
    }

    /** The run's steps by id. */
    Map<String, StepState> states(UUID run) {
        Map<String, StepState> states = new LinkedHashMap<>();
        jdbc.sql("select * from workflow_run_steps where run_id = :run order by started_at, step_id")
                .param("run", run)
                .query(RunRepository::state)
                .list()
                .forEach(state -> states.put(state.stepId(), state));
        return states;
    }

    /** Leaves still running whose child execution has ended, with how it ended. */
    List<StepState> endedChildren(UUID run) {
        return jdbc.sql("""
                select s.step_id, e.id as execution_id, s.branch,
                       case e.status when 'succeeded' then 'succeeded' when 'cancelled' then 'cancelled' else 'failed' end as status,
                       e.result, case when e.status = 'succeeded' then null
                                      else coalesce(e.error_code, e.status) || ': ' || coalesce(e.error_message, '') end as error_message
                from workflow_run_steps s join executions e on e.id = s.execution_id
                where s.run_id = :run and s.status = 'running'
                  and e.status in ('succeeded', 'failed', 'cancelled', 'timed_out')""")
                .param("run", run)
                .query((rs, row) -> new StepState(rs.getString("step_id"), rs.getString("status"),
                        rs.getObject("execution_id", UUID.class), rs.getString("result"), rs.getString("error_message"),
                        rs.getString("branch")))
                .list();
    }

    void startStep(UUID run, String stepId, String status, UUID execution, String branch, String error, Instant now) {
        jdbc.sql("""
                insert into workflow_run_steps (run_id, step_id, status, execution_id, branch, error_message, started_at,
                                                finished_at)
                values (:run, :step, :status, :execution, :branch, :error, :now, case when :status = 'running' then null else :now end)
                on conflict (run_id, step_id) do nothing""")
                .param("run", run)
                .param("step", stepId)
                .param("status", status)
                .param("execution", execution, Types.OTHER)
                .param("branch", branch, Types.VARCHAR)
                .param("error", error, Types.VARCHAR)
                .param("now", timestamp(now))
                .update();
    }

    /**
     * Ends a running step and returns when it started; empty when it had ended already (the guard that makes each end
     * count once).
     */
    Optional<Instant> endStep(UUID run, String stepId, String status, String result, String error, Instant now) {
        return jdbc.sql("""
                update workflow_run_steps set status = :status, result = :result, error_message = :error, finished_at = :now
                where run_id = :run and step_id = :step and status = 'running'
                returning started_at""")
                .param("run", run)
                .param("step", stepId)
                .param("status", status)
                .param("result", result, Types.VARCHAR)
                .param("error", error, Types.VARCHAR)
                .param("now", timestamp(now))
                .query((rs, row) -> instant(rs, "started_at"))
                .optional();
    }

    /** Appends one of the run's own events, numbered after the last (the caller holds the run's lock). */
    long appendEvent(UUID run, TenantId tenant, String type, Map<String, Object> payload, Instant now) {
        long seq = jdbc.sql("update workflow_runs set last_event_seq = last_event_seq + 1 where id = :run returning last_event_seq")
                .param("run", run)
                .query(Long.class)
                .single();
        jdbc.sql("""
                insert into workflow_run_events (run_id, seq, tenant_id, type, payload, created_at)
                values (:run, :seq, :tenant, :type, cast(:payload as jsonb), :now)""")
                .param("run", run)
                .param("seq", seq)
                .param("tenant", tenant.value())
                .param("type", type)
                .param("payload", WorkflowRepository.JSON.writeValueAsString(payload))
                .param("now", timestamp(now))
                .update();
        return seq;
    }

    /** Marks the child as a step of the run (the submit path that created it knows nothing of workflows). */
    void adopt(UUID execution, UUID run) {
        jdbc.sql("update executions set workflow_run_id = :run where id = :id")
                .param("run", run)
                .param("id", execution)
                .update();
    }

    /** Runs with advances waiting, oldest first (no lock: the advance of each is taken under lock afterwards). */
    List<UUID> runsToAdvance(int limit) {
        return jdbc.sql("select run_id from workflow_advances group by run_id order by min(id) limit :limit")
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /**
     * Takes (deletes, until commit) the run's advances no other advancer holds and returns when the oldest was written;
     * empty when another advancer has them.
     */
    Optional<Instant> takeAdvances(UUID run) {
        return jdbc.sql("""
                with taken as (
                    delete from workflow_advances where id in (
                        select id from workflow_advances where run_id = :run for update skip locked)
                    returning created_at)
                select min(created_at) as oldest from taken""")
                .param("run", run)
                .query((rs, row) -> instant(rs, "oldest"))
                .optional()
                .filter(oldest -> oldest != null);
    }

    Optional<RunView> find(TenantId tenant, UUID id) {
        return jdbc.sql("select * from workflow_runs where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(RunRepository::view)
                .optional()
                .map(run -> withSteps(run, id));
    }

    /** Newest first, one row more than {@code limit}; the steps are left out (read one run for them). */
    List<RunView> list(TenantId tenant, UUID workflowId, UUID after, int limit) {
        return jdbc.sql("""
                select * from workflow_runs
                where tenant_id = :tenant and (cast(:workflow as uuid) is null or workflow_id = :workflow)
                  and (cast(:after as uuid) is null or id < :after)
                order by id desc limit :limit""")
                .param("tenant", tenant.value())
                .param("workflow", workflowId, Types.OTHER)
                .param("after", after, Types.OTHER)
                .param("limit", limit + 1)
                .query(RunRepository::view)
                .list();
    }

    /** The run's child executions that have not ended (queued, running or waiting). */
    List<UUID> activeChildren(UUID run) {
        return jdbc.sql("""
                select id from executions
                where workflow_run_id = :run and status not in ('succeeded', 'failed', 'cancelled', 'timed_out')""")
                .param("run", run)
                .query(UUID.class)
                .list();
    }

    /** Asks a running child to stop at its next step boundary (the worker writes its end). */
    void requestCancel(UUID execution) {
        jdbc.sql("update executions set cancel_requested = true where id = :id and status = 'running'")
                .param("id", execution)
                .update();
    }

    private RunView withSteps(RunView run, UUID id) {
        Map<String, WorkflowStep> byId = StepTree.byId(stepsOf(id));
        List<RunView.RunStepView> steps = jdbc.sql("select * from workflow_run_steps where run_id = :run order by started_at, step_id")
                .param("run", id)
                .query((rs, row) -> {
                    WorkflowStep step = byId.get(rs.getString("step_id"));
                    return new RunView.RunStepView(rs.getString("step_id"), step == null ? null : step.type(),
                            rs.getString("status"), rs.getObject("execution_id", UUID.class), rs.getString("branch"),
                            rs.getString("result"), rs.getString("error_message"), instant(rs, "started_at"),
                            instant(rs, "finished_at"));
                })
                .list();
        return new RunView(run.id(), run.workflowId(), run.status(), run.input(), run.metadata(), run.result(), run.error(),
                steps, run.createdAt(), run.startedAt(), run.finishedAt());
    }

    private List<WorkflowStep> stepsOf(UUID run) {
        return jdbc.sql("select steps from workflow_runs where id = :id")
                .param("id", run)
                .query((rs, row) -> WorkflowRepository.JSON.readValue(rs.getString("steps"), WorkflowRepository.STEPS))
                .single();
    }

    private static StepState state(ResultSet rs, int row) throws SQLException {
        return new StepState(rs.getString("step_id"), rs.getString("status"), rs.getObject("execution_id", UUID.class),
                rs.getString("result"), rs.getString("error_message"), rs.getString("branch"));
    }

    private static RunView view(ResultSet rs, int row) throws SQLException {
        String metadata = rs.getString("metadata");
        String error = rs.getString("error_message");
        String status = rs.getString("status");
        return new RunView(rs.getObject("id", UUID.class), rs.getObject("workflow_id", UUID.class), status,
                rs.getString("input"), metadata == null ? null : WorkflowRepository.JSON.readValue(metadata, MAP),
                rs.getString("result"), error == null ? null : Map.of("code", "cancelled".equals(status) ? "CANCELLED"
                        : "STEP_FAILED", "message", error),
                List.of(), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }
}
