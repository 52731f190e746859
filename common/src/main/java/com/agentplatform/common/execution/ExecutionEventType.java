package com.agentplatform.common.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The {@code event:} names of an execution's status stream. */
public enum ExecutionEventType {
    QUEUED,
    RUNNING,
    STEP,
    TOKEN,
    RETRYING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT,
    /** The run paused for a person: the payload's {@code pending_approval} says what it waits for. */
    WAITING,
    /** A person decided on the pending approval; the execution is queued again. */
    APPROVAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ExecutionEventType fromWireName(String value) {
        return Arrays.stream(values())
                .filter(type -> type.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + value + "'"));
    }

    /** The event that announces entering {@code status}. */
    public static ExecutionEventType announcing(ExecutionStatus status) {
        return valueOf(status.name());
    }

    /** True for the events after which a stream closes. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
    }
}
