package com.agentplatform.gateway.tool;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.secret.SecretCipher;
import com.agentplatform.common.secret.UnreadableSecretException;
import com.agentplatform.common.tool.ToolHeaders;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The secret headers of tenant tools ({@link ToolHeaders#isSecret}): sealed with the deployment's key before they
 * are stored, bound to their tenant, tool and header, and masked whenever a tool is read. A PUT that sends a secret
 * back as the mask keeps the stored value, so reading a tool and writing it back never wipes its secrets.
 */
@Component
class ToolSecrets {

    private static final Logger log = LoggerFactory.getLogger(ToolSecrets.class);

    private final SecretCipher cipher;

    @Autowired
    ToolSecrets(GatewaySettings settings) {
        this(SecretCipher.of(settings.secrets()));
    }

    ToolSecrets(SecretCipher cipher) {
        this.cipher = cipher;
        cipher.keyId().ifPresentOrElse(
                id -> log.info("Tool secrets are encrypted at rest with AES-256-GCM, key {}", id),
                () -> log.warn("No secrets key (PLATFORM_SECRETS_KEY): tools with secret headers such as Authorization "
                        + "cannot be stored until one is configured"));
    }

    boolean canSeal() {
        return cipher.canSeal();
    }

    /**
     * The config to store: each secret header's value sealed. One sent as the mask keeps the value {@code stored}
     * has for that header.
     *
     * @param stored the tool's config as stored now (a replacement), or empty (a new tool)
     */
    Map<String, Object> sealed(TenantId tenant, String tool, Map<String, Object> config, Map<String, Object> stored) {
        Map<String, String> headers = headers(config);
        if (headers.isEmpty()) {
            return config;
        }
        Map<String, String> storedByName = new LinkedHashMap<>();
        headers(stored).forEach((name, value) -> storedByName.put(name.toLowerCase(Locale.ROOT), value));
        Map<String, String> sealed = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (!ToolHeaders.isSecret(name)) {
                sealed.put(name, value);
            } else if (!ToolHeaders.MASK.equals(value)) {
                sealed.put(name, seal(tenant, tool, name, value));
            } else if (storedByName.containsKey(name.toLowerCase(Locale.ROOT))) {
                String kept = storedByName.get(name.toLowerCase(Locale.ROOT));
                sealed.put(name, SecretCipher.isSealed(kept) ? kept : seal(tenant, tool, name, kept));
            } else {
                errors.add(new FieldError("config.headers." + name,
                        "is the mask of a secret this tool does not have: send the value itself"));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return withHeaders(config, sealed);
    }

    /** The config as tenants see it: secret header values (sealed, or plain from before sealing) masked. */
    Map<String, Object> masked(Map<String, Object> config) {
        Map<String, String> headers = headers(config);
        if (headers.isEmpty()) {
            return config;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        headers.forEach((name, value) -> masked.put(name,
                ToolHeaders.isSecret(name) || SecretCipher.isSealed(value) ? ToolHeaders.MASK : value));
        return withHeaders(config, masked);
    }

    /**
     * A stored config with the secrets stored in plain text (before sealing existed) sealed, and those sealed with a
     * previous key sealed again with the current one; the same map when there is nothing to do.
     */
    Map<String, Object> resealed(TenantId tenant, String tool, Map<String, Object> config) {
        Map<String, String> headers = headers(config);
        Map<String, String> resealed = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            String now = value;
            if (ToolHeaders.isSecret(name) && !SecretCipher.isSealed(value)) {
                now = seal(tenant, tool, name, value);
            } else if (SecretCipher.isSealed(value) && !cipher.isSealedWithCurrentKey(value)) {
                now = reseal(tenant, tool, name, value);
            }
            changed |= !now.equals(value);
            resealed.put(name, now);
        }
        return changed ? withHeaders(config, resealed) : config;
    }

    private String reseal(TenantId tenant, String tool, String name, String sealed) {
        String context = ToolHeaders.secretContext(tenant, tool, name);
        try {
            return cipher.seal(cipher.open(sealed, context), context);
        } catch (UnreadableSecretException e) {
            log.warn("Header {} of tool {} of tenant {} stays as it is: {}", name, tool, tenant, e.getMessage());
            return sealed;
        }
    }

    private String seal(TenantId tenant, String tool, String name, String value) {
        if (!cipher.canSeal()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "SECRETS_NOT_CONFIGURED", "header '" + name
                    + "' is secret and this deployment has no key to encrypt it with (PLATFORM_SECRETS_KEY)");
        }
        return cipher.seal(value, ToolHeaders.secretContext(tenant, tool, name));
    }

    private static Map<String, String> headers(Map<String, Object> config) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (config != null && config.get("headers") instanceof Map<?, ?> stored) {
            stored.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
        }
        return headers;
    }

    private static Map<String, Object> withHeaders(Map<String, Object> config, Map<String, String> headers) {
        Map<String, Object> copy = new LinkedHashMap<>(config);
        copy.put("headers", headers);
        return copy;
    }
}
