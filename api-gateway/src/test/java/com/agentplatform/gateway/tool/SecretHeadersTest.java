package com.agentplatform.gateway.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.secret.SecretCipher;
import com.agentplatform.common.secret.SecretKeys;
import com.agentplatform.common.tool.ToolHeaders;
import com.agentplatform.gateway.web.ApiException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** How a tool's secret headers are sealed for storage, masked for reading, kept by a masked PUT, and re-sealed. */
class SecretHeadersTest {

    private static final String OLD_KEY = randomKey();
    private static final String NEW_KEY = randomKey();
    private static final TenantId TENANT = new TenantId(UUID.randomUUID());

    private final SecretCipher cipher = SecretCipher.of(new SecretKeys(NEW_KEY, List.of(OLD_KEY)));
    private final ToolSecrets secrets = new ToolSecrets(cipher);

    @Test
    void secretHeadersAreSealedForTheirTenantToolAndHeaderAndOthersStayAsSent() {
        Map<String, Object> stored = secrets.sealed(TENANT, "weather", config(Map.of("Authorization", "Bearer abc",
                "X-Api-Key", "k-123", "Accept", "application/json")), Map.of());

        Map<String, String> headers = headersOf(stored);
        assertThat(headers.get("Accept")).isEqualTo("application/json");
        assertThat(headers.get("Authorization")).startsWith("enc:v1:").doesNotContain("abc");
        assertThat(cipher.open(headers.get("Authorization"), ToolHeaders.secretContext(TENANT, "weather", "authorization")))
                .isEqualTo("Bearer abc");
        assertThat(cipher.open(headers.get("X-Api-Key"), ToolHeaders.secretContext(TENANT, "weather", "X-Api-Key")))
                .isEqualTo("k-123");
    }

    @Test
    void readingMasksSealedAndPlainTextSecretsAlike() {
        Map<String, Object> sealed = secrets.sealed(TENANT, "weather", config(Map.of("Authorization", "Bearer abc")), Map.of());
        Map<String, Object> plainBeforeSealing = config(Map.of("X-Auth-Token", "t-1", "Accept", "text/plain"));

        assertThat(headersOf(secrets.masked(sealed))).containsEntry("Authorization", "****");
        assertThat(headersOf(secrets.masked(plainBeforeSealing))).containsEntry("X-Auth-Token", "****").containsEntry("Accept", "text/plain");
    }

    @Test
    void aMaskSentBackKeepsTheStoredSecretWhateverTheCaseOfItsName() {
        Map<String, Object> stored = secrets.sealed(TENANT, "weather", config(Map.of("Authorization", "Bearer abc")), Map.of());

        Map<String, Object> replaced = secrets.sealed(TENANT, "weather", config(Map.of("authorization", "****")), stored);

        assertThat(headersOf(replaced).get("authorization")).isEqualTo(headersOf(stored).get("Authorization"));
    }

    @Test
    void aMaskForASecretTheToolDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> secrets.sealed(TENANT, "weather", config(Map.of("Authorization", "****")), Map.of()))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(refused.errors()).extracting(ApiException.FieldError::field).containsExactly("config.headers.Authorization");
                });
    }

    @Test
    void withoutAKeyASecretHeaderCannotBeStoredButOthersCan() {
        ToolSecrets keyless = new ToolSecrets(SecretCipher.none());

        assertThat(keyless.sealed(TENANT, "plain", config(Map.of("Accept", "text/plain")), Map.of())).isNotNull();
        assertThatThrownBy(() -> keyless.sealed(TENANT, "weather", config(Map.of("Authorization", "Bearer abc")), Map.of()))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.code()).isEqualTo("SECRETS_NOT_CONFIGURED");
                    assertThat(refused.getMessage()).doesNotContain("abc");
                });
    }

    @Test
    void plainTextSecretsAndSecretsUnderAPreviousKeyAreResealedWithTheCurrentKey() {
        String underOldKey = SecretCipher.of(new SecretKeys(OLD_KEY, List.of()))
                .seal("Bearer old", ToolHeaders.secretContext(TENANT, "weather", "authorization"));
        Map<String, Object> stored = config(Map.of("Authorization", underOldKey, "X-Api-Key", "plain-key", "Accept", "text/plain"));

        Map<String, String> resealed = headersOf(secrets.resealed(TENANT, "weather", stored));

        assertThat(cipher.isSealedWithCurrentKey(resealed.get("Authorization"))).isTrue();
        assertThat(cipher.open(resealed.get("Authorization"), ToolHeaders.secretContext(TENANT, "weather", "Authorization")))
                .isEqualTo("Bearer old");
        assertThat(cipher.isSealedWithCurrentKey(resealed.get("X-Api-Key"))).isTrue();
        assertThat(resealed.get("Accept")).isEqualTo("text/plain");
        Map<String, Object> current = secrets.resealed(TENANT, "weather", config(resealed));
        assertThat(headersOf(current)).as("nothing left to do").isEqualTo(resealed);
    }

    private static Map<String, Object> config(Map<String, String> headers) {
        return Map.of("url", "https://api.example.com/weather", "headers", headers);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headersOf(Map<String, Object> config) {
        return (Map<String, String>) config.get("headers");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
