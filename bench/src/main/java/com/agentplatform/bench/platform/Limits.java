package com.agentplatform.bench.platform;

/**
 * A new tenant's limits; a null field keeps the gateway's default.
 *
 * @param ratePerMinute requests per minute
 * @param maxConcurrent executions running at once
 * @param maxQueued     executions waiting at once
 * @param maxStreams    status streams open at once, for the tenant and for its key alike
 */
public record Limits(Integer ratePerMinute, Integer maxConcurrent, Integer maxQueued, Integer maxStreams) {

    /**
     * The highest limits the admin API accepts: 100,000 requests a minute (about 1,700/s, so load scenarios spread
     * their calls over several tenants), 10,000 running, 1,000,000 queued and 100,000 streams.
     */
    public static Limits highest() {
        return new Limits(100_000, 10_000, 1_000_000, 100_000);
    }

    /** The highest rate and queue, but the default concurrency limit (the fairness scenario's noisy tenant). */
    public static Limits defaultConcurrency() {
        return new Limits(100_000, null, 1_000_000, null);
    }

    String json(String name) {
        StringBuilder body = new StringBuilder("{\"name\":\"").append(name).append('"');
        if (ratePerMinute != null) {
            body.append(",\"rate_limit_per_minute\":").append(ratePerMinute);
        }
        if (maxConcurrent != null) {
            body.append(",\"max_concurrent_executions\":").append(maxConcurrent);
        }
        if (maxQueued != null) {
            body.append(",\"max_queued_executions\":").append(maxQueued);
        }
        if (maxStreams != null) {
            body.append(",\"max_concurrent_streams\":").append(maxStreams)
                    .append(",\"max_concurrent_streams_per_key\":").append(maxStreams);
        }
        return body.append('}').toString();
    }
}
