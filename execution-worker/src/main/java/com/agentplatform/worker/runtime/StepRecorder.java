package com.agentplatform.worker.runtime;

/**
 * Where the runtime reports each completed step. Recording is durable before the run goes on; an implementation
 * throws {@link AttemptAbandonedException} when this attempt may no longer write (lease lost, cancelled).
 */
@FunctionalInterface
public interface StepRecorder {

    void record(Step step);
}
