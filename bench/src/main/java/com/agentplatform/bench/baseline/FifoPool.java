package com.agentplatform.bench.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What a plain FIFO pool would have done with the same work: jobs start in arrival order on the first free one of
 * {@code size} slots and hold it for the run time they really took. A discrete-event replay, not a live run, so it
 * costs nothing and sees exactly the same arrivals.
 */
public final class FifoPool {

    /**
     * @param arrival when the job was accepted
     * @param runTime how long it ran
     * @param tagged  whether its wait is wanted (the quiet tenant's jobs)
     */
    public record Job(Instant arrival, Duration runTime, boolean tagged) {
    }

    private FifoPool() {
    }

    /** The queue waits of the tagged jobs, in nanoseconds. */
    public static long[] taggedWaits(List<Job> jobs, int size) {
        List<Job> inOrder = jobs.stream().sorted(Comparator.comparing(Job::arrival)).toList();
        PriorityQueue<Instant> freeAt = new PriorityQueue<>();
        return inOrder.stream().mapToLong(job -> {
            Instant start = job.arrival();
            if (freeAt.size() >= size) {
                Instant free = freeAt.poll();
                start = free.isAfter(start) ? free : start;
            }
            freeAt.add(start.plus(job.runTime()));
            return job.tagged() ? Duration.between(job.arrival(), start).toNanos() : -1;
        }).filter(wait -> wait >= 0).toArray();
    }
}
