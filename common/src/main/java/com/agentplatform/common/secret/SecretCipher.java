package com.agentplatform.common.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM (JDK crypto only). A sealed value reads
 * {@code enc:v1:<key id>:<base64url(nonce | ciphertext | tag)>}: {@code v1} names the format, and the key id (the
 * first 8 hex digits of the key's SHA-256) says which key sealed it, so keys can be rotated: values sealed under a
 * previous key stay readable while new ones use the current key.
 *
 * <p>Every value is sealed for a {@code context} (where it is stored: tenant, tool, header) that is authenticated
 * with it, so a sealed value copied elsewhere, even into another tenant's row, does not open. Nonces are random
 * (96 bits); a key seals far fewer than the 2^32 values that would make a repeat a concern.
 */
public final class SecretCipher {

    private static final String PREFIX = "enc:v1:";
    private static final String ALGORITHM = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String ALTERED = "the secret was altered, or sealed for another place";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private SecretCipher(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * The cipher of these keys; without a current key it seals nothing (and opens only what previous keys sealed).
     *
     * @throws IllegalArgumentException when a key is not 32 bytes of base64, so a misconfigured process refuses to
     *                                  start rather than store what it cannot read back
     */
    public static SecretCipher of(SecretKeys settings) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String current = null;
        if (settings.hasKey()) {
            SecretKeySpec key = parse(settings.key(), "key");
            current = idOf(key);
            keys.put(current, key);
        }
        for (String previous : settings.previousKeys()) {
            SecretKeySpec key = parse(previous, "previous-keys");
            keys.putIfAbsent(idOf(key), key);
        }
        return new SecretCipher(current, keys);
    }

    public static SecretCipher none() {
        return of(SecretKeys.none());
    }

    /** Whether a value is sealed (rather than plain text stored before secrets were encrypted). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith("enc:");
    }

    /** The id of the key new values are sealed with; empty when none is configured. */
    public Optional<String> keyId() {
        return Optional.ofNullable(currentId);
    }

    public boolean canSeal() {
        return currentId != null;
    }

    /** Whether a sealed value was sealed with the current key (else a gateway re-seals it). */
    public boolean isSealedWithCurrentKey(String value) {
        return currentId != null && isSealed(value) && value.startsWith(PREFIX + currentId + ":");
    }

    /**
     * @throws IllegalStateException when no key is configured; check {@link #canSeal()} first
     */
    public String seal(String plaintext, String context) {
        if (currentId == null) {
            throw new IllegalStateException("no secrets key is configured");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, context,
                plaintext.getBytes(StandardCharsets.UTF_8));
        return PREFIX + currentId + ":" + ENCODER.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                .put(nonce).put(sealed).array());
    }

    /**
     * The plain text of a value sealed for this context.
     *
     * @throws UnreadableSecretException when its key is not configured here, or it was altered or sealed for
     *                                   another context
     */
    public String open(String sealed, String context) {
        String[] parts = sealed.split(":", 4);
        if (parts.length != 4 || !"enc".equals(parts[0]) || !"v1".equals(parts[1])) {
            throw new UnreadableSecretException("the secret is not in a format this version reads", null);
        }
        SecretKeySpec key = keys.get(parts[2]);
        if (key == null) {
            throw new UnreadableSecretException("the secret was encrypted with key " + parts[2]
                    + ", which is not configured here (PLATFORM_SECRETS_KEY or PLATFORM_SECRETS_PREVIOUS_KEYS)", null);
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException(ALTERED, e);
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException(ALTERED, null);
        }
        return new String(crypt(Cipher.DECRYPT_MODE, key, Arrays.copyOf(bytes, NONCE_BYTES), context,
                Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length)), StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] nonce, String context, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException(ALTERED, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    private static SecretKeySpec parse(String base64, String setting) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("secrets." + setting + " must be " + KEY_BYTES
                    + " random bytes, base64-encoded (44 characters)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String idOf(SecretKeySpec key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
