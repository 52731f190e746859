package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;

/** The tenant a request acts for, resolved from its API key and nothing else. */
public record AuthenticatedTenant(TenantId id, String name) {
}
