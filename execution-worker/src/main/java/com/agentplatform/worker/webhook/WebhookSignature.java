package com.agentplatform.worker.webhook;

import com.agentplatform.common.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} and the base64 HMAC-SHA256 of {@code {id}.{timestamp}.{body}}, keyed
 * with the secret's base64 part decoded.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    static String sign(String secret, String id, long timestamp, String body) {
        String encodedKey = secret.startsWith(WebhookSecret.PREFIX) ? secret.substring(WebhookSecret.PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
