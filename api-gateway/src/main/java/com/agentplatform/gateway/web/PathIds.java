package com.agentplatform.gateway.web;

import com.agentplatform.common.id.ExecutionId;

/** Ids from URL paths. A malformed id names nobody's resource: 404, exactly like an id the tenant does not own. */
public final class PathIds {

    private PathIds() {
    }

    public static ExecutionId executionId(String value) {
        try {
            return ExecutionId.of(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("execution " + value);
        }
    }
}
