package com.agentplatform.worker.runtime;

/** The client cancelled the execution; the run stops at this step boundary. */
public class RunCancelledException extends RuntimeException {

    public RunCancelledException(String message) {
        super(message);
    }
}
