package com.agentplatform.worker.execution;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** The heartbeat: renews the leases of every attempt the dispatcher runs, well before they expire. */
@Component
class LeaseKeeper extends PeriodicTask {

    private final Dispatcher dispatcher;

    LeaseKeeper(Dispatcher dispatcher, TaskScheduler scheduler, WorkerSettings settings) {
        super(scheduler, settings.leaseRenewInterval());
        this.dispatcher = dispatcher;
    }

    @Override
    protected void runRound() {
        dispatcher.renewLeases();
    }
}
