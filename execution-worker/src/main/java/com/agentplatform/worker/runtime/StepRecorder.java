package com.agentplatform.worker.runtime;

import com.agentplatform.worker.provider.TokenSink;

/**
 * Where the runtime reports each step. Recording is durable before the run goes on; an implementation throws
 * {@link AttemptAbandonedException} when this attempt may no longer write (its lease was taken over), and
 * {@link RunCancelledException} when the client asked to cancel; the runtime lets both end the run.
 */
@FunctionalInterface
public interface StepRecorder {

    /**
     * A completed call. When an intent of the same tool call is open (recorded by {@link #intend}, by this attempt or
     * an earlier one), this completes that step in place instead of adding one.
     */
    void record(Step step);

    /**
     * A tool call that may change something outside the platform, recorded ({@link Step#isIntent()}) before it is
     * sent. Only once this returns may the call be sent; it throws like {@link #record} when the attempt may no
     * longer write, and then the call must not be sent. It announces nothing: the step's event comes with its result.
     * Nothing by default (recorders that keep nothing durable).
     */
    default void intend(Step intent) {
    }

    /**
     * A call that failed without a step to record (the provider refused or was unreachable after its retries); for
     * metrics and traces only, nothing is stored. Nothing by default.
     */
    default void callFailed(String kind, String name, java.time.Instant startedAt, long durationMs) {
    }

    /**
     * Where the text of the model call about to be made goes while it is written: that call's step will be the next
     * one recorded. {@link TokenSink#NONE} (the default) when no client listens, and the call is then not streamed.
     */
    default TokenSink tokensOfNextCall() {
        return TokenSink.NONE;
    }
}
