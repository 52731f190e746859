package com.agentplatform.gateway.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How API keys are stored: only a SHA-256 hash (keys are high-entropy, so a slow hash adds nothing) and the visible
 * prefix used to find the row.
 */
final class ApiKeys {

    static final int PREFIX_LENGTH = 12;

    private ApiKeys() {
    }

    static String prefixOf(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time, so response timing tells nothing about how much of a key matched. */
    static boolean matches(String presented, byte[] storedHash) {
        return MessageDigest.isEqual(hash(presented), storedHash);
    }
}
