package com.agentplatform.worker.tool.http;

import java.time.Duration;

/** The moment a whole fetch must be done by; every connect and read gets only what is left of it. */
record Deadline(long endNanos, Duration total) {

    static Deadline after(Duration total) {
        return new Deadline(System.nanoTime() + total.toNanos(), total);
    }

    /** The time left in whole milliseconds, at least 1; {@link HttpFetchException} once it has passed. */
    int remainingMillis() {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw expired();
        }
        return (int) Math.clamp(left / 1_000_000, 1, Integer.MAX_VALUE);
    }

    boolean hasPassed() {
        return endNanos - System.nanoTime() <= 0;
    }

    HttpFetchException expired() {
        return new HttpFetchException("no complete answer within " + total.toMillis() + " ms");
    }
}
