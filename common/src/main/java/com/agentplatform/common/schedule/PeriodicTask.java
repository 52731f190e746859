package com.agentplatform.common.schedule;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * A background round that runs every {@code interval} (after the previous round ends) while the application runs:
 * relays, sweepers, heartbeats. A round that throws is logged by the scheduler and the next one runs as planned.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile ScheduledFuture<?> rounds;

    protected PeriodicTask(TaskScheduler scheduler, Duration interval) {
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /** One round of the work. */
    protected abstract void runRound();

    /** Called once when the application stops, after the last round; nothing by default. */
    protected void afterStop() {
    }

    @Override
    public void start() {
        rounds = scheduler.scheduleWithFixedDelay(this::runRound, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> current = rounds;
        if (current != null) {
            current.cancel(false);
            rounds = null;
        }
        afterStop();
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /** Below the default phase: a service's own graceful shutdown (default phase) finishes while rounds still run. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1_000;
    }
}
