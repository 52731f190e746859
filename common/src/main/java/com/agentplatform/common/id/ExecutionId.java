package com.agentplatform.common.id;

import java.util.Objects;
import java.util.UUID;

/** The id of one execution (a UUID v7, so ids sort by creation time). */
public record ExecutionId(UUID value) {

    public ExecutionId {
        Objects.requireNonNull(value, "execution id");
    }

    public static ExecutionId newId() {
        return new ExecutionId(UuidV7.next());
    }

    public static ExecutionId of(String value) {
        return new ExecutionId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
