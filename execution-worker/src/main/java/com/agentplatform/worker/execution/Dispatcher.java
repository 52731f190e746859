package com.agentplatform.worker.execution;

import com.agentplatform.common.execution.ExecutionTransitions.Claims;
import com.agentplatform.common.execution.ExecutionTransitions.Demand;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.observe.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The one owner of this worker's work. A Kafka record only says "this tenant has work"; the dispatcher keeps the
 * tenants that may have claimable executions in a round-robin order, claims for them in batches (one statement per
 * batch, each tenant up to its share of the free in-flight permits and never past its free concurrency slots),
 * starts every claimed attempt on a virtual thread, renews the leases of what runs, and on shutdown hands back what
 * did not finish. A tenant found at its concurrency limit is set aside until one of its runs ends here (or, for runs
 * elsewhere, until the next {@code limit-recheck}), so a flood of a tenant at its limit costs nothing per record,
 * and a quiet tenant's wake-up is claimed in the very next batch, whatever the flood in its partition.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final ExecutionTransitions transitions;
    private final ExecutionStore store;
    private final AttemptRunner runner;
    private final EventPublisher events;
    private final WakeUps wakeUps;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final WorkerSettings settings;
    private final WorkerSettings.Dispatch dispatch;
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("run-", 0).factory());

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Tenants that may have claimable work, in the order they are served next. */
    private final LinkedHashSet<TenantId> ready = new LinkedHashSet<>();
    /** Tenants at their concurrency limit: served again when one of their runs ends, or at the next recheck. */
    private final Set<TenantId> atLimit = new HashSet<>();
    private final Map<RunningAttempt, ClaimedExecution> running = new HashMap<>();
    /** Permits taken: running attempts plus those a claim in progress may start. */
    private int inFlight;
    private Instant nextRecheck = Instant.EPOCH;
    private volatile boolean accepting;
    private volatile Thread loop;
    private volatile Runnable onRoom = () -> { };

    Dispatcher(ExecutionTransitions transitions, ExecutionStore store, AttemptRunner runner, EventPublisher events,
            WakeUps wakeUps, TaskScheduler scheduler, Clock clock, WorkerSettings settings, WorkerMetrics metrics) {
        this.clock = clock;
        this.transitions = transitions;
        this.store = store;
        this.runner = runner;
        this.events = events;
        this.wakeUps = wakeUps;
        this.scheduler = scheduler;
        this.settings = settings;
        this.dispatch = settings.dispatch();
        metrics.inFlight(this::runningCount);
    }

    /**
     * These tenants have work. Returns false when this worker already holds as many waiting tenants as it may: the
     * caller should stop consuming until {@link #whenRoom} says so (the work waits in PostgreSQL meanwhile).
     */
    boolean wake(Collection<TenantId> tenants) {
        lock.lock();
        try {
            for (TenantId tenant : tenants) {
                if (!atLimit.contains(tenant)) {
                    ready.add(tenant);
                }
            }
            changed.signal();
            return ready.size() + atLimit.size() < dispatch.maxWaitingTenants();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the tenant at {@code at} (a retry's backoff ends). */
    void wakeAt(TenantId tenant, Instant at) {
        scheduler.schedule(() -> wake(List.of(tenant)), at);
    }

    /** Who to tell that waiting tenants dropped below the bound again (the request listener resumes consuming). */
    void whenRoom(Runnable onRoom) {
        this.onRoom = onRoom;
    }

    private void dispatchLoop() {
        while (accepting) {
            List<Demand> demands;
            try {
                demands = nextDemands();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!demands.isEmpty()) {
                claimAndStart(demands);
            }
        }
    }

    /** Waits for work and permits, then shares the free permits among the ready tenants, round-robin. */
    private List<Demand> nextDemands() throws InterruptedException {
        lock.lock();
        try {
            while (accepting && (ready.isEmpty() || inFlight >= settings.maxInFlight())) {
                recheckAtLimit();
                changed.await(dispatch.limitRecheck().toMillis(), TimeUnit.MILLISECONDS);
            }
            int budget = Math.min(settings.maxInFlight() - inFlight, dispatch.claimBatch());
            int share = Math.max(1, budget / Math.max(1, ready.size()));
            List<Demand> demands = new ArrayList<>();
            for (Iterator<TenantId> tenants = ready.iterator(); tenants.hasNext() && budget > 0; ) {
                int wanted = Math.min(share, budget);
                demands.add(new Demand(tenants.next(), wanted));
                tenants.remove(); // put back at the end after the claim if it may have more
                budget -= wanted;
            }
            demands.forEach(demand -> inFlight += demand.wanted());
            return demands;
        } finally {
            lock.unlock();
        }
    }

    /** Runs of a tenant at its limit may end on other workers: look again now and then. */
    private void recheckAtLimit() {
        Instant now = clock.instant();
        if (!atLimit.isEmpty() && !now.isBefore(nextRecheck)) {
            ready.addAll(atLimit);
            atLimit.clear();
            nextRecheck = now.plus(dispatch.limitRecheck());
        }
    }

    private void claimAndStart(List<Demand> demands) {
        Claims claims;
        try {
            claims = transitions.claim(settings.id(), settings.lease(), demands);
        } catch (RuntimeException e) {
            log.warn("Claiming for {} tenant(s) failed; trying again shortly: {}", demands.size(), e.toString());
            settle(demands, new Claims(List.of(), Set.of()), true);
            backOff(Duration.ofMillis(500));
            return;
        }
        List<ClaimedExecution> started = new ArrayList<>();
        int unstarted = 0;
        for (ExecutionTransitions.Claimed claimed : claims.claimed()) {
            try {
                started.add(store.withHistory(claimed));
            } catch (RuntimeException e) {
                // Claimed but not startable now: its lease lapses and recovery queues it again.
                log.warn("Could not load the history of {}; its lease will expire: {}", claimed.attempt().execution(), e.toString());
                unstarted++;
            }
        }
        lock.lock();
        try {
            started.forEach(run -> running.put(run.key(), run));
            inFlight -= unstarted;
        } finally {
            lock.unlock();
        }
        settle(demands, claims, false);
        started.forEach(run -> runs.execute(() -> runToEnd(run)));
    }

    /** Gives back unused permits and decides, per tenant, whether to ask again, wait for a slot, or forget it. */
    private void settle(List<Demand> demands, Claims claims, boolean failed) {
        Map<TenantId, Integer> got = new HashMap<>();
        claims.claimed().forEach(claimed -> got.merge(claimed.attempt().tenant(), 1, Integer::sum));
        lock.lock();
        try {
            for (Demand demand : demands) {
                int taken = got.getOrDefault(demand.tenant(), 0);
                inFlight -= demand.wanted() - taken;
                if (claims.atLimit().contains(demand.tenant())) {
                    atLimit.add(demand.tenant());
                } else if (failed || taken == demand.wanted()) {
                    ready.add(demand.tenant()); // it may have more: back of the line
                }
                // Fewer than asked and not at its limit: it has nothing claimable now; a wake-up brings it back.
            }
        } finally {
            lock.unlock();
        }
    }

    private void runToEnd(ClaimedExecution run) {
        try {
            runner.run(run);
        } finally {
            ended(run);
        }
    }

    /**
     * The end-of-run hook: frees the permit, and the tenant's slot here. The end of a thread's run makes the thread's
     * next run claimable (the claim held it back), and nothing else would wake its tenant: it is served again.
     */
    private void ended(ClaimedExecution run) {
        boolean room;
        lock.lock();
        try {
            running.remove(run.key());
            inFlight--;
            if (atLimit.remove(run.tenant()) || run.thread() != null) {
                ready.add(run.tenant());
            }
            changed.signal();
            room = ready.size() + atLimit.size() < dispatch.maxWaitingTenants() / 2;
        } finally {
            lock.unlock();
        }
        if (room) {
            onRoom.run();
        }
    }

    /** Extends the leases of every attempt running here, by (execution, attempt). */
    void renewLeases() {
        List<RunningAttempt> attempts;
        lock.lock();
        try {
            attempts = List.copyOf(running.keySet());
        } finally {
            lock.unlock();
        }
        try {
            store.renewLeases(settings.id(), attempts, settings.lease());
        } catch (RuntimeException e) {
            log.warn("Lease renewal failed; retrying in {}: {}", settings.leaseRenewInterval(), e.toString());
        }
    }

    int runningCount() {
        lock.lock();
        try {
            return running.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        accepting = true;
        loop = Thread.ofPlatform().name("dispatcher").daemon().start(this::dispatchLoop);
    }

    /**
     * Graceful shutdown: claim nothing more, let running attempts finish within {@code shutdown-grace}, then hand
     * back the rest (queued again without spending an attempt, woken up for another worker).
     */
    @Override
    public void stop() {
        accepting = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        awaitIdle(settings.shutdownGrace());
        handBack();
        runs.shutdownNow();
    }

    private void awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                changed.await(Math.min(100, (deadline - System.nanoTime()) / 1_000_000 + 1), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void handBack() {
        List<ClaimedExecution> left;
        lock.lock();
        try {
            left = List.copyOf(running.values());
        } finally {
            lock.unlock();
        }
        for (ClaimedExecution run : left) {
            try {
                transitions.handBack(run.lease(), "worker " + settings.id() + " shut down").ifPresent(event -> {
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

    /** After a failed claim (PostgreSQL down, say): wait a little, unless there is a reason to stop. */
    private void backOff(Duration duration) {
        lock.lock();
        try {
            if (accepting) {
                changed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stops before the listener containers and the sweepers: first stop claiming, then hand back. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
