package com.agentplatform.worker.runtime;

/**
 * Where the runtime reports each completed step. Recording is durable before the run goes on; an implementation
 * throws {@link AttemptAbandonedException} when this attempt may no longer write (its lease was taken over), and
 * {@link RunCancelledException} when the client asked to cancel; the runtime lets both end the run.
 */
@FunctionalInterface
public interface StepRecorder {

    void record(Step step);

    /**
     * A call that failed without a step to record (the provider refused or was unreachable after its retries); for
     * metrics and traces only, nothing is stored. Nothing by default.
     */
    default void callFailed(String kind, String name, java.time.Instant startedAt, long durationMs) {
    }
}
