package com.agentplatform.common.messaging;

/** Kafka topic names. Every record on them is keyed by tenant id, so one tenant's burst stays in its partition. */
public final class Topics {

    /** Wake-ups for workers: {@link ExecutionRequested}. The PostgreSQL row is the truth. */
    public static final String EXECUTIONS_REQUESTED = "executions.requested";

    /** Every appended {@link ExecutionEvent}, for gateways to push over SSE. */
    public static final String EXECUTION_EVENTS = "executions.events";

    /** Requests that exhausted their attempts or could not be parsed. */
    public static final String EXECUTIONS_REQUESTED_DLT = "executions.requested.dlt";

    /**
     * The record header carrying the W3C trace context of the request that caused the message, so a worker's run
     * joins the submit's trace.
     */
    public static final String TRACE_PARENT_HEADER = "traceparent";

    private Topics() {
    }
}
