package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.WorkerSettings;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown (SIGTERM): stop taking work, let running attempts finish within {@code shutdown-grace}, then hand
 * back what is left (lease cleared, queued again without spending an attempt, woken up for another worker) instead
 * of leaving it to wait for its lease to expire. Stops first of all the worker's parts.
 */
@Component
class GracefulRelease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulRelease.class);

    private final KafkaListenerEndpointRegistry containers;
    private final InFlight inFlight;
    private final ExecutionRunner runner;
    private final ExecutionStore store;
    private final EventPublisher events;
    private final WakeUps wakeUps;
    private final WorkerSettings settings;
    private final Clock clock;
    private volatile boolean running;

    GracefulRelease(KafkaListenerEndpointRegistry containers, InFlight inFlight, ExecutionRunner runner, ExecutionStore store,
            EventPublisher events, WakeUps wakeUps, WorkerSettings settings, Clock clock) {
        this.containers = containers;
        this.inFlight = inFlight;
        this.runner = runner;
        this.store = store;
        this.events = events;
        this.wakeUps = wakeUps;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        MessageListenerContainer requests = containers.getListenerContainer(ExecutionRequestListener.CONTAINER_ID);
        if (requests != null) {
            requests.stop();
        }
        try {
            inFlight.awaitIdle(settings.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handBack();
        runner.close();
    }

    private void handBack() {
        for (ClaimedExecution run : runner.active()) {
            try {
                store.requeue(run, "worker " + settings.id() + " shut down", true).ifPresent(event -> {
                    events.publish(event);
                    wakeUps.send(ExecutionRequested.of(run.id(), run.tenant(), run.attempt(), clock.instant()));
                    log.info("Handed back attempt {} of {} on shutdown", run.attempt(), run.id());
                });
            } catch (RuntimeException e) {
                log.warn("Could not hand back {}; its lease will expire instead: {}", run.id(), e.toString());
            }
        }
        wakeUps.flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Highest phase: stops before the listener containers, the heartbeat and the sweepers. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
