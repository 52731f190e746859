package com.agentplatform.common.webhook;

import com.agentplatform.common.id.TenantId;
import java.util.UUID;

/**
 * Where a webhook endpoint's signing secret is sealed for: the gateway seals it, the workers that sign deliveries
 * open it, so both must name the place alike. A sealed secret copied to another endpoint or tenant does not open.
 */
public final class WebhookSecret {

    /** Standard Webhooks secrets read {@code whsec_<base64 key>}; the key is the decoded base64 part. */
    public static final String PREFIX = "whsec_";

    private WebhookSecret() {
    }

    public static String context(TenantId tenant, UUID endpoint) {
        return "webhook:" + tenant.value() + ":" + endpoint;
    }
}
