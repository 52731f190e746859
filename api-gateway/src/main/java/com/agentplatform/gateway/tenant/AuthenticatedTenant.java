package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;
import java.util.UUID;

/**
 * The tenant a request acts for, resolved from its API key and nothing else, with the limits checked on every
 * request.
 *
 * @param apiKeyId the key the request presented (its streams close when it is revoked), also in a single-tenant
 *                 deployment where the key may have been issued to another tenant
 */
public record AuthenticatedTenant(TenantId id, String name, int rateLimitPerMinute, int maxQueuedExecutions,
        int maxConcurrentStreams, int maxConcurrentStreamsPerKey, UUID apiKeyId) {

    /** The request attribute the API-key filter stores the tenant under. */
    public static final String REQUEST_ATTRIBUTE = AuthenticatedTenant.class.getName();
}
