package com.agentplatform.common.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String OLD_KEY = randomKey();
    private static final String NEW_KEY = randomKey();
    private static final String HERE = "tool-header:tenant-a:weather:authorization";

    private final SecretCipher cipher = SecretCipher.of(new SecretKeys(NEW_KEY, List.of()));

    @Test
    void aSealedSecretOpensToItsPlainTextAndShowsNoneOfIt() {
        String sealed = cipher.seal("Bearer s3cr3t-value", HERE);

        assertThat(sealed).startsWith("enc:v1:" + cipher.keyId().orElseThrow() + ":").doesNotContain("s3cr3t");
        assertThat(SecretCipher.isSealed(sealed)).isTrue();
        assertThat(cipher.open(sealed, HERE)).isEqualTo("Bearer s3cr3t-value");
    }

    @Test
    void theSameSecretSealsDifferentlyEachTime() {
        assertThat(cipher.seal("same", HERE)).isNotEqualTo(cipher.seal("same", HERE));
    }

    @Test
    void aSealedSecretMovedToAnotherPlaceDoesNotOpen() {
        String sealed = cipher.seal("Bearer s3cr3t-value", HERE);

        assertThatThrownBy(() -> cipher.open(sealed, "tool-header:tenant-b:weather:authorization"))
                .isInstanceOf(UnreadableSecretException.class).hasMessageNotContaining("s3cr3t");
    }

    @Test
    void anAlteredSecretDoesNotOpen() {
        String sealed = cipher.seal("Bearer s3cr3t-value", HERE);
        // Flip one bit of the encrypted bytes (not of the text: the last base64 character may carry unused bits).
        int colon = sealed.lastIndexOf(':');
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
        bytes[bytes.length / 2] ^= 1;
        String altered = sealed.substring(0, colon + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> cipher.open(altered, HERE)).isInstanceOf(UnreadableSecretException.class);
        assertThatThrownBy(() -> cipher.open("enc:v1:" + cipher.keyId().orElseThrow() + ":AAAA", HERE))
                .isInstanceOf(UnreadableSecretException.class);
        assertThatThrownBy(() -> cipher.open("enc:v9:whatever", HERE)).isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void afterARotationOldSecretsStillOpenAndNewOnesUseTheNewKey() {
        SecretCipher before = SecretCipher.of(new SecretKeys(OLD_KEY, List.of()));
        String sealedBefore = before.seal("old secret", HERE);
        SecretCipher after = SecretCipher.of(new SecretKeys(NEW_KEY, List.of(OLD_KEY)));

        assertThat(after.open(sealedBefore, HERE)).isEqualTo("old secret");
        assertThat(after.isSealedWithCurrentKey(sealedBefore)).isFalse();
        assertThat(after.isSealedWithCurrentKey(after.seal("new secret", HERE))).isTrue();
    }

    @Test
    void aSecretWhoseKeyIsNotConfiguredIsUnreadableWithAMessageNamingTheKey() {
        String sealed = SecretCipher.of(new SecretKeys(OLD_KEY, List.of())).seal("old secret", HERE);

        assertThatThrownBy(() -> cipher.open(sealed, HERE))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining(sealed.split(":")[2]).hasMessageContaining("PLATFORM_SECRETS_KEY");
    }

    @Test
    void withoutAKeyNothingIsSealed() {
        SecretCipher none = SecretCipher.none();

        assertThat(none.canSeal()).isFalse();
        assertThat(none.keyId()).isEmpty();
        assertThatThrownBy(() -> none.seal("x", HERE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64RefusesToStart() {
        assertThatThrownBy(() -> SecretCipher.of(new SecretKeys("too-short", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> SecretCipher.of(new SecretKeys(NEW_KEY, List.of("not base64!"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("previous-keys");
    }

    @Test
    void settingsNeverShowTheirKeys() {
        assertThat(new SecretKeys(NEW_KEY, List.of(OLD_KEY)).toString()).doesNotContain(NEW_KEY).doesNotContain(OLD_KEY);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
