package com.agentplatform.gateway.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * How API keys look and are stored: {@code apk_} + 8 characters of visible prefix (used to find the row) + a
 * 256-bit secret. Only a SHA-256 hash is kept; keys are high-entropy, so a slow hash would add nothing.
 */
final class ApiKeys {

    static final int PREFIX_LENGTH = 12;
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageDigest SHA_256 = sha256();

    private ApiKeys() {
    }

    static String generate() {
        return "apk_" + randomText(8) + "_" + randomText(43);
    }

    static String prefixOf(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    static byte[] hash(String key) {
        try {
            // Every request hashes its key: a copy of a ready digest skips the provider lookup of getInstance.
            return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time, so response timing tells nothing about how much of a key matched. */
    static boolean matches(String presented, byte[] storedHash) {
        return MessageDigest.isEqual(hash(presented), storedHash);
    }

    private static String randomText(int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(text);
    }
}
