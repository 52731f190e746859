package com.agentplatform.common.id;

import java.util.Objects;
import java.util.UUID;

/** The tenant that owns a row; always resolved from a credential, never from a request body. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId of(String value) {
        return new TenantId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
