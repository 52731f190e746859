package com.agentplatform.worker.execution;

import com.agentplatform.worker.WorkerSettings;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** The heartbeat: renews the leases of every running attempt of this worker, well before they expire. */
@Component
class LeaseKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ExecutionStore store;
    private final InFlight inFlight;
    private final TaskScheduler scheduler;
    private final WorkerSettings settings;
    private volatile ScheduledFuture<?> beats;

    LeaseKeeper(ExecutionStore store, InFlight inFlight, TaskScheduler scheduler, WorkerSettings settings) {
        this.store = store;
        this.inFlight = inFlight;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public void start() {
        beats = scheduler.scheduleWithFixedDelay(this::renew, settings.leaseRenewInterval());
    }

    void renew() {
        Set<UUID> running = inFlight.running();
        try {
            int renewed = store.renewLeases(settings.id(), running, settings.lease());
            if (renewed < running.size()) {
                log.debug("Renewed {} of {} leases; the others ended or were taken over", renewed, running.size());
            }
        } catch (RuntimeException e) {
            log.warn("Lease renewal failed; retrying in {}: {}", settings.leaseRenewInterval(), e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> current = beats;
        if (current != null) {
            current.cancel(false);
            beats = null;
        }
    }

    @Override
    public boolean isRunning() {
        return beats != null;
    }
}
