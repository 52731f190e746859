package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;

/**
 * The tenant a request acts for, resolved from its API key and nothing else, with the limits checked on every
 * request.
 */
public record AuthenticatedTenant(TenantId id, String name, int rateLimitPerMinute, int maxQueuedExecutions) {

    /** The request attribute the API-key filter stores the tenant under. */
    public static final String REQUEST_ATTRIBUTE = AuthenticatedTenant.class.getName();
}
