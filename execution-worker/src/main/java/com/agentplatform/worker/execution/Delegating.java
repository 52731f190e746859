package com.agentplatform.worker.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.Delegations;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.runtime.DelegationRequiredException;
import com.agentplatform.worker.runtime.DelegationRequiredException.Delegation;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends an attempt whose model called agents as tools: in one transaction (fenced by the attempt's lease) the execution
 * moves to {@code waiting}, each call's child execution is queued and each call gets its step, which the child's end
 * completes. Then the attempt returns like any other end, so the dispatcher frees its permit and the database its
 * tenant's running slot; the children are woken like any queued execution. Each child runs the called agent as it is
 * stored now.
 */
@Component
class Delegating {

    private static final Logger log = LoggerFactory.getLogger(Delegating.class);

    private final Delegations delegations;
    private final ApprovalTransitions approvals;
    private final ExecutionStore store;
    private final EventPublisher events;
    private final WakeUps wakeUps;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Clock clock;

    Delegating(Delegations delegations, ApprovalTransitions approvals, ExecutionStore store, EventPublisher events,
            WakeUps wakeUps, TransactionTemplate transactions, JdbcClient jdbc, Clock clock) {
        this.delegations = delegations;
        this.approvals = approvals;
        this.store = store;
        this.events = events;
        this.wakeUps = wakeUps;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What became of the attempt: it waits (or lost its lease, or was cancelled), or it must end with an outcome. */
    record Delegated(String trace, Outcome outcome) {
    }

    /** Starts the children and moves the run to {@code waiting}; {@code firstSeq} numbers the calls' steps. */
    Delegated delegate(ClaimedExecution run, DelegationRequiredException request, int firstSeq) {
        Map<UUID, AgentSpec> stored = storedAgents(run, request.delegations());
        List<Delegations.Call> calls = new ArrayList<>();
        for (Delegation call : request.delegations()) {
            AgentSpec agent = stored.get(call.agentId());
            if (agent == null) {
                return new Delegated("failed", new Outcome.Failed(FailureCode.UNKNOWN_TOOL, "the agent " + call.tool() + " ("
                        + call.agentId() + ") was deleted while the run went on", run.history().usage()));
            }
            calls.add(new Delegations.Call(call.callId(), call.tool(), call.arguments(), call.agentId(), agent, call.input(),
                    call.stepSeq()));
        }
        Optional<Delegations.Awaiting> awaiting = transactions.execute(status -> delegations.await(run.lease(), firstSeq, calls));
        if (awaiting.isEmpty()) {
            log.info("Attempt {} called agents but no longer held its lease; nothing was started", run.attempt());
            return new Delegated("abandoned", null);
        }
        events.publish(awaiting.get().waiting());
        for (ExecutionEvent child : awaiting.get().children()) {
            events.publish(child);
            wakeUps.send(ExecutionRequested.of(new ExecutionId(child.executionId()),
                    run.tenant(), 1, clock.instant()));
        }
        log.info("Attempt {} waits for {} child execution(s)", run.attempt(), calls.size());
        // A cancel asked for while it still ran raised only a flag, which nothing reads while it waits: honour it now,
        // with the children just started.
        if (store.cancelRequested(run)) {
            List<ExecutionId> running = new ArrayList<>();
            List<ExecutionEvent> cancelled = transactions.execute(status -> {
                List<ExecutionEvent> written = new ArrayList<>();
                approvals.cancelWaiting(run.tenant(), run.id()).ifPresent(written::add);
                Delegations.Cascade below = delegations.cancelDescendants(run.tenant(), run.id());
                written.addAll(below.events());
                running.addAll(below.running());
                return written;
            });
            cancelled.forEach(events::publish);
            delegations.requestCancel(run.tenant(), running).forEach(events::publish);
            return new Delegated("cancelled", null);
        }
        return new Delegated("waiting", null);
    }

    /** The called agents as they are stored now (the tenant's only), by id. */
    private Map<UUID, AgentSpec> storedAgents(ClaimedExecution run, List<Delegation> calls) {
        Map<UUID, AgentSpec> found = new HashMap<>();
        jdbc.sql("""
                select id, name, instructions, model, tools, max_steps, timeout_seconds, max_tokens, require_approval,
                       approval_timeout_seconds, history_tokens, agents
                from agents where tenant_id = :tenant and id in (:ids)""")
                .param("tenant", run.tenant().value())
                .param("ids", calls.stream().map(Delegation::agentId).distinct().toList())
                .query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), spec(rs, run.agent())))
                .list()
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    /** A stored agent's snapshot; the gateway stores every field filled, the caller's values cover older rows. */
    private static AgentSpec spec(ResultSet rs, AgentSpec caller) throws SQLException {
        String model = rs.getString("model");
        int maxSteps = rs.getInt("max_steps");
        int timeout = rs.getInt("timeout_seconds");
        long maxTokens = rs.getLong("max_tokens");
        int approvalTimeout = rs.getInt("approval_timeout_seconds");
        int historyTokens = rs.getInt("history_tokens");
        return new AgentSpec(rs.getString("name"), rs.getString("instructions"), model == null ? caller.model() : model,
                texts(rs.getArray("tools")), maxSteps > 0 ? maxSteps : caller.maxSteps(),
                timeout > 0 ? timeout : caller.timeoutSeconds(), maxTokens > 0 ? maxTokens : caller.maxTokens(),
                texts(rs.getArray("require_approval")), approvalTimeout, historyTokens,
                texts(rs.getArray("agents")));
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
