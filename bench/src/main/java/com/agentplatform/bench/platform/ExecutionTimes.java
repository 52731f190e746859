package com.agentplatform.bench.platform;

import java.time.Duration;
import java.time.Instant;

/**
 * An execution's recorded timestamps, as the API returns them.
 *
 * @param id         the execution
 * @param status     its status when read
 * @param createdAt  when the gateway accepted it
 * @param startedAt  when a worker claimed it; null if never
 * @param finishedAt when it ended; null if it has not
 */
public record ExecutionTimes(String id, String status, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** Accepted to running: the time spent queued. */
    public Duration queueWait() {
        return Duration.between(createdAt, startedAt);
    }

    /** Running to ended. */
    public Duration runTime() {
        return Duration.between(startedAt, finishedAt);
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
