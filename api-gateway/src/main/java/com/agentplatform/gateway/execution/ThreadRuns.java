package com.agentplatform.gateway.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ApprovalTransitions;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits on a thread. They take a path of their own, off the group commit of plain submits: the strategy is decided
 * in one transaction that holds the thread's row, so two racing submits see each other (two {@code reject}s cannot
 * both pass), and the run's number on the thread, which orders its runs, is given under that same lock.
 *
 * <p>Lock order, the same as every other writer's: the tenant's queue counter first (as submit batches and claims),
 * then the thread's row (as a claim writing a run's first message). Running executions are never locked here: an
 * interrupted run learns it must stop from the thread's {@code stop_before}, read by its next step's statement.
 */
@Component
class ThreadRuns {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final Submission submission;
    private final ExecutionService executions;
    private final ExecutionRepository repository;
    private final ThreadRunRepository threads;
    private final ExecutionTransitions transitions;
    private final ApprovalTransitions approvals;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final TraceContext traces;
    private final Clock clock;
    private final int maxAttempts;
    private final GatewayMetrics metrics;

    ThreadRuns(Submission submission, ExecutionService executions, ExecutionRepository repository, ThreadRunRepository threads,
            ExecutionTransitions transitions, ApprovalTransitions approvals, Outbox outbox, TransactionTemplate transactions,
            TraceContext traces, Clock clock, GatewaySettings settings, GatewayMetrics metrics) {
        this.approvals = approvals;
        this.metrics = metrics;
        this.submission = submission;
        this.executions = executions;
        this.repository = repository;
        this.threads = threads;
        this.transitions = transitions;
        this.outbox = outbox;
        this.transactions = transactions;
        this.traces = traces;
        this.clock = clock;
        this.maxAttempts = settings.executions().maxAttempts();
    }

    /** As a plain submit, counted the same way ({@code platform_submits_total}). */
    ExecutionService.Submitted submit(AuthenticatedTenant tenant, UUID thread, ThreadRunRequest request, String idempotencyKey) {
        try {
            ExecutionService.Submitted submitted = accept(tenant, thread, request, idempotencyKey);
            metrics.submitted(tenant.id(), submitted.created() ? "accepted" : "replayed");
            return submitted;
        } catch (ApiException e) {
            metrics.submitted(tenant.id(), e.code().toLowerCase(Locale.ROOT));
            throw e;
        }
    }

    private ExecutionService.Submitted accept(AuthenticatedTenant tenant, UUID thread, ThreadRunRequest request,
            String idempotencyKey) {
        MultitaskStrategy strategy = MultitaskStrategy.of(request.multitaskStrategy());
        Submission.checkIdempotencyKey(idempotencyKey);
        SubmitExecutionRequest submit = request.asSubmit();
        AgentSpec agent = submission.resolve(tenant.id(), submit);
        String requestHash = idempotencyKey == null ? null : Submission.hash(Map.of("thread", thread, "run", request));
        if (idempotencyKey != null) {
            Optional<ExecutionView> earlier = executions.replay(tenant.id(), idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return new ExecutionService.Submitted(earlier.get(), false);
            }
        }
        ExecutionId id = ExecutionId.newId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        NewExecution execution = new NewExecution(tenant.id(), id, submit.agentId(), JSON.writeValueAsString(agent),
                agent.model(), submit.input(), submit.metadata() == null ? null : JSON.writeValueAsString(submit.metadata()),
                maxAttempts, now, idempotencyKey, requestHash, traces.currentTraceParent(),
                MessageCodec.encode(ExecutionRequested.of(id, tenant.id(), 1, now)));
        List<OutboxMessage> published = transactions.execute(status -> {
            List<OutboxMessage> messages = place(execution, thread, strategy);
            if (messages == null) {
                status.setRollbackOnly(); // the idempotency key was taken meanwhile: the first submit stands
            }
            return messages;
        });
        if (published == null) {
            return new ExecutionService.Submitted(executions.replay(tenant.id(), idempotencyKey, requestHash).orElseThrow(), false);
        }
        published.forEach(outbox::publish);
        return new ExecutionService.Submitted(ExecutionView.queued(id.value(), submit.agentId(), thread, submit.input(),
                agent.model(), maxAttempts, submit.metadata(), now), true);
    }

    /**
     * Inside the transaction: the decision, the cancellations it makes, the execution; returns what to publish after
     * commit, or null when the execution was not inserted (its idempotency key is taken).
     */
    private List<OutboxMessage> place(NewExecution execution, UUID thread, MultitaskStrategy strategy) {
        TenantId tenant = execution.tenant();
        ExecutionRepository.QueueRoom room = repository.lockQueues(List.of(tenant)).get(tenant);
        long lastRun = threads.lockForRun(tenant, thread)
                .orElseThrow(() -> ApiException.notFound("thread " + thread));
        List<ThreadRunRepository.Unfinished> unfinished = threads.unfinishedRuns(tenant, thread);
        if (strategy == MultitaskStrategy.REJECT && !unfinished.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "THREAD_BUSY", "thread " + thread + " has " + unfinished.size()
                    + " run(s) queued, running or waiting; submit with multitask_strategy enqueue, interrupt or rollback to go ahead");
        }
        long runSeq = lastRun + 1;
        List<OutboxMessage> messages = new ArrayList<>();
        long queued = room.queued();
        if (strategy.stopsEarlierRuns() && !unfinished.isEmpty()) {
            queued -= cancelQueued(tenant, unfinished, messages);
            if (strategy == MultitaskStrategy.ROLLBACK) {
                threads.removeMessagesOf(tenant, thread, unfinished.stream().map(ThreadRunRepository.Unfinished::id).toList());
            }
        }
        if (queued >= room.limit()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "QUOTA_EXCEEDED", "tenant has " + queued
                    + " queued executions, the most it may have (max_queued_executions=" + room.limit() + ")");
        }
        threads.recordRun(tenant, thread, runSeq, strategy.stopsEarlierRuns(), execution.createdAt());
        Optional<Long> wakeUp = repository.insertQueued(List.of(execution)).get(execution.id());
        if (wakeUp == null) {
            return null;
        }
        threads.placeOnThread(tenant, execution.id(), thread, runSeq);
        wakeUp.ifPresent(outboxId -> messages.add(new OutboxMessage(outboxId, Topics.EXECUTIONS_REQUESTED,
                tenant.toString(), execution.wakeUp(), execution.createdAt(), execution.traceParent())));
        return messages;
    }

    /**
     * Cancels the queued and waiting ones at once (no worker holds them; a running one stops at its next step); returns
     * how many of them counted against the tenant's queue bound (both do).
     */
    private int cancelQueued(TenantId tenant, List<ThreadRunRepository.Unfinished> unfinished, List<OutboxMessage> messages) {
        int cancelled = 0;
        Instant now = clock.instant();
        for (ThreadRunRepository.Unfinished run : unfinished) {
            ExecutionId id = new ExecutionId(run.id());
            Optional<ExecutionEvent> event = run.queued() ? transitions.cancelQueued(tenant, id)
                    : run.waiting() ? approvals.cancelWaiting(tenant, id) : Optional.empty();
            if (event.isPresent()) {
                messages.add(outbox.add(Topics.EXECUTION_EVENTS, tenant.toString(), MessageCodec.encode(event.get()), now));
                cancelled++;
            }
        }
        return cancelled;
    }
}
