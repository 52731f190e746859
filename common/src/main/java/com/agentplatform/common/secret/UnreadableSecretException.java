package com.agentplatform.common.secret;

/**
 * A stored secret that cannot be decrypted here: its key is not configured on this process, or the value was
 * changed or moved (it is bound to where it was stored). The message never holds the secret.
 */
public class UnreadableSecretException extends RuntimeException {

    public UnreadableSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
