package com.agentplatform.worker.execution;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** The heartbeat: renews the leases of every running attempt of this worker, well before they expire. */
@Component
class LeaseKeeper extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ExecutionStore store;
    private final InFlight inFlight;
    private final WorkerSettings settings;

    LeaseKeeper(ExecutionStore store, InFlight inFlight, TaskScheduler scheduler, WorkerSettings settings) {
        super(scheduler, settings.leaseRenewInterval());
        this.store = store;
        this.inFlight = inFlight;
        this.settings = settings;
    }

    void renew() {
        Set<RunningAttempt> running = inFlight.running();
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
    protected void runRound() {
        renew();
    }
}
