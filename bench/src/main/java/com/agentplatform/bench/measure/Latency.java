package com.agentplatform.bench.measure;

import java.time.Duration;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds, summarised from an HdrHistogram recorded in microseconds.
 *
 * @param count how many values were recorded
 * @param p50   median, ms
 * @param p90   90th percentile, ms
 * @param p99   99th percentile, ms
 * @param max   largest value, ms
 */
public record Latency(long count, double p50, double p90, double p99, double max) {

    private static final long HIGHEST_MICROS = Duration.ofHours(1).toNanos() / 1000;

    /** Safe to record into from many threads at once. */
    public static Histogram newHistogram() {
        return new ConcurrentHistogram(HIGHEST_MICROS, 3);
    }

    /** Records a duration given in nanoseconds, clamped into the histogram's range. */
    public static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.clamp(nanos / 1000, 0, HIGHEST_MICROS));
    }

    public static Latency of(Histogram histogram) {
        return new Latency(histogram.getTotalCount(),
                millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)),
                millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    @Override
    public String toString() {
        return "n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms".formatted(count, p50, p90, p99, max);
    }
}
