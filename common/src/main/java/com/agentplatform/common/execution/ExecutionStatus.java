package com.agentplatform.common.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of an execution: {@code queued → running → succeeded | failed | cancelled | timed_out},
 * with {@code running → queued} only through a retry, and {@code running → waiting → queued} when a run pauses for
 * a person's decision (a waiting execution holds no worker and no concurrency slot; it may also be cancelled, or fail
 * when nobody decides in time). The legal transitions live here and nowhere else.
 */
public enum ExecutionStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT,
    WAITING;

    private static final Set<ExecutionStatus> TERMINAL = EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);

    /** The lower-case name used in JSON, SQL and SSE ({@code timed_out}). */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the accepted values. */
    @JsonCreator
    public static ExecutionStatus fromWireName(String value) {
        return Arrays.stream(values())
                .filter(status -> status.wireName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown status '" + value + "', expected one of " + Arrays.toString(wireNames())));
    }

    public static String[] wireNames() {
        return Arrays.stream(values()).map(ExecutionStatus::wireName).toArray(String[]::new);
    }

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** The statuses this one may move to; empty for terminal statuses. */
    public Set<ExecutionStatus> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, FAILED, TIMED_OUT);
            case RUNNING -> EnumSet.of(QUEUED, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, WAITING);
            case WAITING -> EnumSet.of(QUEUED, CANCELLED, FAILED);
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> EnumSet.noneOf(ExecutionStatus.class);
        };
    }

    public boolean canMoveTo(ExecutionStatus next) {
        return allowedNext().contains(next);
    }

    /** Refuses an illegal transition before anything is written. */
    public void requireCanMoveTo(ExecutionStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStatusTransitionException(this, next);
        }
    }
}
