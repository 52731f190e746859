package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.ExecutionTransitions.StepRecorded;
import com.agentplatform.common.execution.FailureCode;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.worker.observe.AttemptTracing;
import com.agentplatform.worker.observe.WorkerMetrics;
import com.agentplatform.worker.provider.TokenSink;
import com.agentplatform.worker.runtime.AgentRuntime;
import com.agentplatform.worker.runtime.ApprovalRequiredException;
import com.agentplatform.worker.runtime.AttemptAbandonedException;
import com.agentplatform.worker.runtime.DelegationRequiredException;
import com.agentplatform.worker.runtime.RunCancelledException;
import com.agentplatform.worker.runtime.Step;
import com.agentplatform.worker.runtime.StepRecorder;
import com.agentplatform.worker.token.TokenPublisher;
import com.agentplatform.worker.tool.ToolContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs one claimed attempt to its end, on the thread the {@link Dispatcher} gives it: every step recorded durably
 * before the run goes on, then exactly one of a terminal status, a retry later, a pause for a person's decision
 * ({@link Pauses}) or for the agents its model called ({@link Delegating}), or nothing (the lease was lost).
 */
@Component
class AttemptRunner {

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

    private final AgentRuntime runtime;
    private final GroupCommits commits;
    private final ExecutionSteps stepLog;
    private final EventPublisher events;
    private final Retries retries;
    private final WorkerMetrics metrics;
    private final AttemptTracing tracing;
    private final Pauses pauses;
    private final TokenPublisher tokens;
    private final Delegating delegating;

    AttemptRunner(AgentRuntime runtime, GroupCommits commits, ExecutionSteps stepLog, EventPublisher events,
            Retries retries, WorkerMetrics metrics, AttemptTracing tracing, Pauses pauses, TokenPublisher tokens,
            Delegating delegating) {
        this.pauses = pauses;
        this.delegating = delegating;
        this.runtime = runtime;
        this.commits = commits;
        this.stepLog = stepLog;
        this.events = events;
        this.retries = retries;
        this.metrics = metrics;
        this.tracing = tracing;
        this.tokens = tokens;
    }

    void run(ClaimedExecution run) {
        MDC.put("execution_id", run.id().toString());
        MDC.put("tenant_id", run.tenant().toString());
        try (AttemptTracing.Attempt traced = tracing.start(run.traceParent(), run.id().toString(), run.attempt())) {
            execute(run, traced);
        } finally {
            MDC.clear();
        }
    }

    private void execute(ClaimedExecution run, AttemptTracing.Attempt traced) {
        events.publish(run.started());
        metrics.attemptStarted();
        if (run.attempt() == 1 && run.history().steps().isEmpty()) {
            metrics.queueWait(run.tenant(), java.time.Duration.between(run.createdAt(), run.started().createdAt()));
        }
        log.debug("Attempt {} of {} started (model {})", run.attempt(), run.maxAttempts(), run.agent().model());
        AtomicInteger nextStep = new AtomicInteger(run.stepsSoFar());
        Outcome outcome;
        try {
            outcome = runtime.run(new ToolContext(run.tenant(), run.id()), run.agent(), run.input(), run.history(),
                    new AttemptSteps(run, traced, nextStep));
        } catch (RunCancelledException e) {
            outcome = new Outcome.Cancelled(e.getMessage(), Usage.NONE);
        } catch (ApprovalRequiredException e) {
            traced.outcome(pauses.pause(run, e));
            return;
        } catch (DelegationRequiredException e) {
            Delegating.Delegated delegated = delegating.delegate(run, e, nextStep.get() + 1);
            if (delegated.outcome() == null) {
                traced.outcome(delegated.trace());
                return;
            }
            outcome = delegated.outcome();
        } catch (AttemptAbandonedException e) {
            log.info("Abandoning attempt {}: {}", run.attempt(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("Attempt {} failed unexpectedly", run.attempt(), e);
            outcome = new Outcome.Failed(FailureCode.INTERNAL_ERROR, "the run failed unexpectedly: " + e.getClass().getSimpleName(), Usage.NONE);
        }
        if (retries.shouldRetry(run, outcome)) {
            log.info("Attempt {} failed for a passing reason ({}) and will be retried", run.attempt(),
                    ((Outcome.Failed) outcome).code());
            traced.outcome("retrying");
            retries.retryLater(run, (Outcome.Failed) outcome);
            return;
        }
        Optional<ExecutionEvent> ended = commits.finish(run.lease(), outcome);
        if (ended.isPresent()) {
            // One line per success was 7.6% of the worker's CPU at a thousand a second, for what the metrics and the
            // event log already say; the endings someone looks into stay at INFO.
            if (ended.get().status() == ExecutionStatus.SUCCEEDED) {
                log.debug("Attempt {} ended the execution: succeeded", run.attempt());
            } else {
                log.info("Attempt {} ended the execution: {}", run.attempt(), ended.get().status().wireName());
            }
            traced.outcome(ended.get().status().wireName());
            metrics.finished(run.tenant(), ended.get().status().wireName(), run.agent().model(),
                    Duration.between(run.started().createdAt(), ended.get().createdAt()));
            events.publish(ended.get());
        } else {
            log.info("Attempt {} ended but no longer held its lease; its outcome was discarded", run.attempt());
        }
    }

    /**
     * Records each step durably (and sees a cancel request), and reports every call to metrics and the trace. Tool
     * calls with side effects are recorded as intents first; their result completes the same step.
     */
    private final class AttemptSteps implements StepRecorder {

        private final ClaimedExecution run;
        private final AttemptTracing.Attempt traced;
        private final AtomicInteger nextStep;
        /** Step numbers of intents without a result yet, by call id: this attempt's, and any an earlier one left. */
        private final Map<String, Integer> openIntents = new HashMap<>();

        AttemptSteps(ClaimedExecution run, AttemptTracing.Attempt traced, AtomicInteger nextStep) {
            this.run = run;
            this.traced = traced;
            this.nextStep = nextStep;
            List<Step> recorded = run.history().steps();
            for (int i = 0; i < recorded.size(); i++) {
                // An approved call not made yet is completed in place, like an intent.
                if (recorded.get(i).isIntent() || recorded.get(i).isApprovedPending()) {
                    openIntents.put(recorded.get(i).callId(), i + 1); // steps are numbered 1, 2, 3… in order
                }
            }
        }

        @Override
        public void intend(Step intent) {
            Integer open = openIntents.get(intent.callId());
            int seq = open != null ? open : nextStep.incrementAndGet();
            stepLog.recordIntent(run, seq, intent);
            openIntents.put(intent.callId(), seq);
        }

        @Override
        public void record(Step step) {
            recordMetrics(step);
            traced.call(step.kind(), step.name(), step.startedAt().toEpochMilli(), step.durationMs(), step.output().containsKey("error"));
            Integer intended = step.isLlm() ? null : openIntents.remove(step.callId());
            StepRecorded recorded = stepLog.recordStep(run, intended == null ? nextStep.incrementAndGet() : intended, step);
            events.publish(recorded.event());
            if (recorded.cancelRequested()) {
                throw new RunCancelledException("cancelled by the client while running");
            }
        }

        /** Model calls are never intents, so the call's step takes the next number. */
        @Override
        public TokenSink tokensOfNextCall() {
            return tokens.sinkFor(run.tenant(), run.id(), run.thread() == null ? null : run.thread().thread(),
                    nextStep.get() + 1);
        }

        @Override
        public void callFailed(String kind, String name, java.time.Instant startedAt, long durationMs) {
            metrics.llmCall(name, "error", java.time.Duration.ofMillis(durationMs), 0, 0);
            traced.call(kind, name, startedAt.toEpochMilli(), durationMs, true);
        }
    }

    private void recordMetrics(Step step) {
        java.time.Duration took = java.time.Duration.ofMillis(step.durationMs());
        String outcome = step.output().containsKey("error") ? "error" : "ok";
        if (step.isLlm()) {
            metrics.llmCall(step.name(), outcome, took, step.inputTokens(), step.outputTokens());
        } else {
            metrics.toolCall(step.name(), outcome, took);
        }
    }

}
