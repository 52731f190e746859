package com.agentplatform.bench.measure;

import java.time.Duration;

/**
 * What a load run did.
 *
 * @param attempted calls started
 * @param succeeded calls that answered as hoped
 * @param elapsed   from the first intended start to the last answer
 * @param latency   per-call latency (from the intended start, for open-loop runs)
 */
public record LoadResult(long attempted, long succeeded, Duration elapsed, Latency latency) {

    /** Successful calls per second. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : succeeded / seconds;
    }

    public long failed() {
        return attempted - succeeded;
    }
}
