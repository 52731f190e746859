package com.agentplatform.worker.runtime;

/** This attempt must stop at once and write nothing more: its lease was taken over or the execution moved on. */
public class AttemptAbandonedException extends RuntimeException {

    public AttemptAbandonedException(String message) {
        super(message);
    }
}
