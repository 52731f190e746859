package com.agentplatform.gateway.web;

import com.agentplatform.common.id.ExecutionId;

/** Ids from URL paths. A malformed id names nobody's resource: 404, exactly like an id the tenant does not own. */
public final class PathIds {

    private PathIds() {
    }

    public static ExecutionId executionId(String value) {
        return new ExecutionId(uuid(value, "execution"));
    }

    public static java.util.UUID uuid(String value, String what) {
        try {
            return java.util.UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what + " " + value);
        }
    }
}
