package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.Delegations;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.observe.GatewayMetrics;
import com.agentplatform.gateway.observe.TraceContext;
import com.agentplatform.gateway.outbox.Outbox;
import com.agentplatform.gateway.outbox.OutboxMessage;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Accepting, reading and cancelling executions. */
@Service
class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);
    private static final JsonMapper JSON = JsonMapping.messages();

    private final Submission submission;
    private final ExecutionRepository executions;
    private final ExecutionTransitions transitions;
    private final Outbox outbox;
    private final ExecutionWaiter waiter;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxAttempts;
    private final boolean haltAfterCommit;
    private final GatewayMetrics metrics;
    private final TraceContext traces;
    private final SubmitBatches batches;
    private final ApprovalTransitions approvals;
    private final ThreadRunRepository threads;
    private final Delegations delegations;

    ExecutionService(Submission submission, ExecutionRepository executions, ExecutionTransitions transitions, Outbox outbox,
            ExecutionWaiter waiter, TransactionTemplate transactions, Clock clock, GatewaySettings settings,
            GatewayMetrics metrics, TraceContext traces, SubmitBatches batches, ApprovalTransitions approvals,
            ThreadRunRepository threads, Delegations delegations) {
        this.approvals = approvals;
        this.delegations = delegations;
        this.batches = batches;
        this.threads = threads;
        this.metrics = metrics;
        this.traces = traces;
        this.submission = submission;
        this.executions = executions;
        this.transitions = transitions;
        this.outbox = outbox;
        this.waiter = waiter;
        this.transactions = transactions;
        this.clock = clock;
        this.maxAttempts = settings.executions().maxAttempts();
        this.haltAfterCommit = settings.haltAfterCommit();
    }

    /** What a submit did: created a new execution, or found the one an idempotency key already names. */
    record Submitted(ExecutionView execution, boolean created) {
    }

    /**
     * The execution row, its first event and the outbox message commit in one transaction; the message is published
     * after commit. With an idempotency key, the same request returns the execution it created the first time.
     */
    Submitted submit(AuthenticatedTenant tenant, SubmitExecutionRequest request, String idempotencyKey) {
        try {
            Submitted submitted = accept(tenant, request, idempotencyKey);
            count(tenant, submitted.created() ? "accepted" : "replayed");
            return submitted;
        } catch (ApiException e) {
            count(tenant, e.code().toLowerCase(Locale.ROOT));
            throw e;
        }
    }

    /** Submits by tenant (bounded) and outcome; the outcome is one of a few fixed codes, never client text. */
    private void count(AuthenticatedTenant tenant, String outcome) {
        metrics.submitted(tenant.id(), outcome);
    }

    private Submitted accept(AuthenticatedTenant tenant, SubmitExecutionRequest request, String idempotencyKey) {
        Submission.checkIdempotencyKey(idempotencyKey);
        AgentSpec agent = submission.resolve(tenant.id(), request);
        String requestHash = idempotencyKey == null ? null : Submission.hash(request);
        if (idempotencyKey != null) {
            Optional<ExecutionView> earlier = replay(tenant.id(), idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return new Submitted(earlier.get(), false);
            }
        }
        ExecutionId id = ExecutionId.newId();
        // PostgreSQL keeps microseconds: the answer built below shows exactly what a later GET reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Admission admission = batches.admit(new NewExecution(tenant.id(), id, request.agentId(), JSON.writeValueAsString(agent),
                agent.model(), request.input(), request.metadata() == null ? null : JSON.writeValueAsString(request.metadata()),
                maxAttempts, now, idempotencyKey, requestHash, traces.currentTraceParent(),
                MessageCodec.encode(ExecutionRequested.of(id, tenant.id(), 1, now))));
        return switch (admission) {
            case Admission.Queued queued -> accepted(queued, ExecutionView.queued(id.value(), request.agentId(),
                    request.input(), agent.model(), maxAttempts, request.metadata(), now));
            case Admission.KeyTaken taken -> new Submitted(replay(tenant.id(), idempotencyKey, requestHash).orElseThrow(), false);
            case Admission.QueueFull full -> throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "QUOTA_EXCEEDED",
                    "tenant has " + full.queued() + " queued or waiting executions, the most it may have (max_queued_executions="
                            + full.limit() + ")");
        };
    }

    /** Committed: the execution is safe. Publishing now is the fast path; the relay covers a crash here. */
    private Submitted accepted(Admission.Queued queued, ExecutionView execution) {
        if (haltAfterCommit) {
            Runtime.getRuntime().halt(137);
        }
        if (queued.wakeUp() != null) {
            outbox.publish(queued.wakeUp());
        }
        String id = execution.id().toString();
        // A submit's trace is found by its execution through this attribute, not through a log line per execution.
        traces.tag("execution.id", id);
        if (log.isDebugEnabled()) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("execution_id", id)) {
                log.debug("Accepted execution {} (model {})", id, execution.model());
            }
        }
        return new Submitted(execution, true);
    }

    List<ExecutionView> list(AuthenticatedTenant tenant, ExecutionRepository.Filter filter, UUID after, int limit) {
        return executions.list(tenant.id(), filter, after, limit);
    }

    ExecutionView get(AuthenticatedTenant tenant, ExecutionId id) {
        return executions.find(tenant.id(), id).orElseThrow(() -> ApiException.notFound("execution " + id));
    }

    /** Waits up to {@code wait} for the execution to end, then returns it as it is. */
    ExecutionView awaitEnd(AuthenticatedTenant tenant, ExecutionId id, Duration wait) {
        if (!wait.isZero()) {
            waiter.awaitEnd(tenant.id(), id, wait);
        }
        return get(tenant, id);
    }

    List<StepView> steps(AuthenticatedTenant tenant, ExecutionId id) {
        get(tenant, id);
        return executions.steps(tenant.id(), id);
    }

    /**
     * A queued or waiting execution is cancelled at once; a running one is asked to stop at its next step boundary
     * (the worker writes the {@code cancelled} event). A finished one cannot be cancelled.
     */
    ExecutionView cancel(AuthenticatedTenant tenant, ExecutionId id) {
        ExecutionStatus status = executions.status(tenant.id(), id).orElseThrow(() -> ApiException.notFound("execution " + id));
        if (status == ExecutionStatus.QUEUED && cancelAtOnce(tenant.id(), id, () -> transitions.cancelQueued(tenant.id(), id))) {
            metrics.cancelledQueued();
            return get(tenant, id);
        }
        if (status == ExecutionStatus.WAITING && cancelAtOnce(tenant.id(), id, () -> approvals.cancelWaiting(tenant.id(), id))) {
            metrics.cancelledWaiting();
            return get(tenant, id);
        }
        if (executions.requestCancel(tenant.id(), id)) {
            metrics.cancelledRunning();
            return get(tenant, id);
        }
        // It moved on meanwhile: queued → running, waiting → queued (try again) or → a terminal status.
        ExecutionStatus now = executions.status(tenant.id(), id).orElseThrow();
        if (now.isTerminal()) {
            throw new ApiException(HttpStatus.CONFLICT, "EXECUTION_FINISHED",
                    "execution " + id + " is already " + now.wireName() + " and cannot be cancelled");
        }
        return cancel(tenant, id);
    }

    /**
     * Applies a cancel no worker takes part in, and announces it (outbox, in the same transaction), with a wake-up when
     * the execution held back its thread's next run. The agents it called as tools, and theirs, are cancelled with it
     * in the same transaction.
     */
    private boolean cancelAtOnce(TenantId tenant, ExecutionId id, Supplier<Optional<ExecutionEvent>> transition) {
        List<ExecutionId> runningChildren = new ArrayList<>();
        List<OutboxMessage> announcements = transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<ExecutionEvent> cancelled = transition.get();
            if (cancelled.isEmpty()) {
                return List.<OutboxMessage>of();
            }
            List<OutboxMessage> messages = new ArrayList<>(withThreadWakeUp(tenant, id, now,
                    outbox.add(Topics.EXECUTION_EVENTS, tenant.toString(), MessageCodec.encode(cancelled.get()), now)));
            Delegations.Cascade below = delegations.cancelDescendants(tenant, id);
            below.events().forEach(child -> messages.add(announce(tenant, child, now)));
            runningChildren.addAll(below.running());
            return messages;
        });
        if (haltAfterCommit && !announcements.isEmpty()) {
            Runtime.getRuntime().halt(137);
        }
        announcements.forEach(outbox::publish);
        if (!runningChildren.isEmpty()) {
            List<ExecutionEvent> stopped = delegations.requestCancel(tenant, runningChildren);
            // Written outside a transaction of ours: the events go straight out (the stream fills gaps from the log).
            stopped.forEach(event -> outbox.publish(transactions.execute(status -> announce(tenant, event, clock.instant()))));
        }
        return !announcements.isEmpty();
    }

    private OutboxMessage announce(TenantId tenant, ExecutionEvent event, Instant now) {
        return outbox.add(Topics.EXECUTION_EVENTS, tenant.toString(), MessageCodec.encode(event), now);
    }

    /**
     * A queued or waiting run of a thread held back the thread's next run, which no worker may look at again before its next
     * wake-up: the tenant is woken now.
     */
    private List<OutboxMessage> withThreadWakeUp(TenantId tenant, ExecutionId id, Instant now, OutboxMessage event) {
        if (threads.threadOf(tenant, id).isEmpty()) {
            return List.of(event);
        }
        return List.of(event, outbox.add(Topics.EXECUTIONS_REQUESTED, tenant.toString(),
                MessageCodec.encode(ExecutionRequested.of(id, tenant, 1, now)), now));
    }

    Optional<ExecutionView> replay(TenantId tenant, String key, String requestHash) {
        return executions.findByIdempotencyKey(tenant, key).map(earlier -> {
            if (!earlier.requestHash().equals(requestHash)) {
                throw new ApiException(HttpStatus.CONFLICT, "IDEMPOTENCY_CONFLICT",
                        "Idempotency-Key '" + key + "' was used with a different request");
            }
            return executions.find(tenant, earlier.id()).orElseThrow();
        });
    }
}
