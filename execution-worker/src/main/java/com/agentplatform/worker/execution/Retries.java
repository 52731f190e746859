package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.observe.WorkerMetrics;
import com.agentplatform.worker.runtime.RunOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Execution-level retries: an attempt that failed for a reason that may pass (its provider unavailable even after
 * the provider-level retries) goes back to the queue, and its wake-up is sent after an exponential backoff with
 * jitter, scheduled, never slept on a consumer thread. If this worker dies before sending it, the stale-queue sweeper
 * wakes the execution instead.
 */
@Component
class Retries {

    private static final Logger log = LoggerFactory.getLogger(Retries.class);
    private static final Set<String> RETRYABLE = Set.of("PROVIDER_UNAVAILABLE", "TOOL_UNAVAILABLE");

    private final ExecutionStore store;
    private final EventPublisher events;
    private final WakeUps wakeUps;
    private final TaskScheduler scheduler;
    private final WorkerSettings.Retry settings;
    private final Clock clock;
    private final WorkerMetrics metrics;

    Retries(ExecutionStore store, EventPublisher events, WakeUps wakeUps, TaskScheduler scheduler,
            WorkerSettings settings, Clock clock, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.events = events;
        this.wakeUps = wakeUps;
        this.scheduler = scheduler;
        this.settings = settings.retry();
        this.clock = clock;
    }

    boolean shouldRetry(ClaimedExecution run, RunOutcome outcome) {
        return outcome instanceof RunOutcome.Failed failed && RETRYABLE.contains(failed.code())
                && run.attempt() < run.maxAttempts();
    }

    void retryLater(ClaimedExecution run, RunOutcome.Failed failure) {
        Duration backoff = backoff(run.attempt());
        store.requeue(run, failure.code() + ": " + failure.message() + "; retrying in " + backoff.toMillis() + " ms", false)
                .ifPresent(event -> {
                    metrics.retried(failure.code());
                    events.publish(event);
                    ExecutionRequested wakeUp = ExecutionRequested.of(run.id(), run.tenant(), run.attempt() + 1, clock.instant());
                    scheduler.schedule(() -> wakeUps.send(wakeUp),
                            clock.instant().plus(backoff));
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
