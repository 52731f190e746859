package com.agentplatform.common.secret;

import java.util.List;

/**
 * The keys tenant secrets (such as the {@code Authorization} header of a tool) are encrypted with at rest, as the
 * gateway ({@code platform.gateway.secrets.*}) and the workers ({@code platform.worker.secrets.*}) are configured
 * with them. Both must have the same keys. Each key is 32 random bytes, base64-encoded.
 *
 * @param key          the key new secrets are encrypted with (environment {@code PLATFORM_SECRETS_KEY}); without it
 *                     nothing secret can be stored, and secrets stored earlier cannot be read
 * @param previousKeys keys secrets were encrypted with before a rotation (environment
 *                     {@code PLATFORM_SECRETS_PREVIOUS_KEYS}, comma-separated): still read, never written with; a
 *                     gateway re-encrypts what it finds under them with {@code key} when it starts
 */
public record SecretKeys(String key, List<String> previousKeys) {

    public SecretKeys {
        previousKeys = previousKeys == null ? List.of()
                : previousKeys.stream().filter(previous -> previous != null && !previous.isBlank()).map(String::trim).toList();
    }

    public static SecretKeys none() {
        return new SecretKeys(null, List.of());
    }

    public boolean hasKey() {
        return key != null && !key.isBlank();
    }

    /** Never the keys themselves: settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "SecretKeys[key=" + (hasKey() ? "****" : "none") + ", previousKeys=" + previousKeys.size() + "]";
    }
}
