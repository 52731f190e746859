package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.observe.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Execution-level retries: an attempt that failed for a reason that may pass ({@link
 * com.agentplatform.common.execution.FailureCode#retryable()}) goes back to the queue with a {@code run_after}
 * backoff (exponential, with jitter), and its tenant is woken here when the backoff ends. If this worker dies
 * meanwhile, the execution is still queued in PostgreSQL and the stale-queue sweeper wakes it.
 */
@Component
class Retries {

    private static final Logger log = LoggerFactory.getLogger(Retries.class);

    private final ExecutionTransitions transitions;
    private final EventPublisher events;
    private final Dispatcher dispatcher;
    private final WorkerSettings.Retry settings;
    private final Clock clock;
    private final WorkerMetrics metrics;

    Retries(ExecutionTransitions transitions, EventPublisher events, @Lazy Dispatcher dispatcher, WorkerSettings settings,
            Clock clock, WorkerMetrics metrics) {
        this.transitions = transitions;
        this.events = events;
        this.dispatcher = dispatcher;
        this.settings = settings.retry();
        this.clock = clock;
        this.metrics = metrics;
    }

    boolean shouldRetry(ClaimedExecution run, Outcome outcome) {
        return outcome instanceof Outcome.Failed failed && failed.code().retryable() && run.attempt() < run.maxAttempts();
    }

    void retryLater(ClaimedExecution run, Outcome.Failed failure) {
        Duration backoff = backoff(run.attempt());
        Instant due = clock.instant().plus(backoff);
        transitions.retryLater(run.lease(), failure.code(), failure.message() + "; retrying in " + backoff.toMillis() + " ms", due)
                .ifPresent(event -> {
                    metrics.retried(failure.code());
                    events.publish(event);
                    dispatcher.wakeAt(run.tenant(), due);
                    log.info("Attempt {} failed with {}; attempt {} in {} ms", run.attempt(), failure.code(), run.attempt() + 1,
                            backoff.toMillis());
                });
    }

    /** base × 2^(attempt−1), capped, plus up to half of it again at random, so retries of one outage spread out. */
    Duration backoff(int attempt) {
        long base = Math.min(settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
