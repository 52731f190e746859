package com.agentplatform.gateway.webhook;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.secret.SecretCipher;
import com.agentplatform.common.webhook.WebhookSecret;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Signing secrets of endpoints: {@code whsec_} and the base64 of 32 random bytes (Standard Webhooks takes 24 to 64),
 * shown once and stored sealed with the deployment's secrets key, bound to their tenant and endpoint.
 */
@Component
class WebhookSecrets {

    private static final int KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final SecretCipher cipher;

    WebhookSecrets(GatewaySettings settings) {
        this.cipher = SecretCipher.of(settings.secrets());
    }

    /** A new secret and its sealed form; 503 when the deployment has no key to seal it with. */
    Issued issue(TenantId tenant, UUID endpoint) {
        if (!cipher.canSeal()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "SECRETS_NOT_CONFIGURED",
                    "webhook secrets are stored encrypted and this deployment has no key to encrypt them with "
                            + "(PLATFORM_SECRETS_KEY)");
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        String secret = WebhookSecret.PREFIX + Base64.getEncoder().encodeToString(key);
        return new Issued(secret, cipher.seal(secret, WebhookSecret.context(tenant, endpoint)));
    }

    record Issued(String secret, String sealed) {
    }
}
