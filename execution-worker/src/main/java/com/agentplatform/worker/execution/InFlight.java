package com.agentplatform.worker.execution;

import com.agentplatform.worker.WorkerSettings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * The executions this worker runs now, bounded by {@code max-in-flight}. The bound is backpressure, not a drop:
 * when it is reached the request listener pauses its consumer, and resumes it when a run ends.
 */
@Component
class InFlight {

    private final Semaphore permits;
    private final int capacity;
    private final Set<RunningAttempt> running = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.locks.ReentrantLock idleLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition idle = idleLock.newCondition();

    InFlight(WorkerSettings settings) {
        this.capacity = settings.maxInFlight();
        this.permits = new Semaphore(capacity);
    }

    void acquire() throws InterruptedException {
        permits.acquire();
    }

    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
        idleLock.lock();
        try {
            idle.signalAll();
        } finally {
            idleLock.unlock();
        }
    }

    /** Waits until nothing runs here any more, or the wait is over; true when idle. */
    boolean awaitIdle(java.time.Duration wait) throws InterruptedException {
        long left = wait.toNanos();
        idleLock.lock();
        try {
            while (count() > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return count() == 0;
        } finally {
            idleLock.unlock();
        }
    }

    void started(RunningAttempt attempt) {
        running.add(attempt);
    }

    void ended(RunningAttempt attempt) {
        running.remove(attempt);
    }

    Set<RunningAttempt> running() {
        return Set.copyOf(running);
    }

    boolean isFull() {
        return permits.availablePermits() == 0;
    }

    /** Room for a tenth of the capacity again: resume then, not on every single free slot. */
    boolean hasRoom() {
        return permits.availablePermits() >= Math.max(1, capacity / 10);
    }

    int count() {
        return capacity - permits.availablePermits();
    }
}
