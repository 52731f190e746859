package com.agentplatform.gateway.sse;

import com.agentplatform.gateway.web.ApiException;

/** The {@code stream_tokens} query parameter every status stream takes. */
public final class TokenStreaming {

    public static final String PARAMETER = "stream_tokens";

    static final String DESCRIPTION = "true: also send `event: token` while a model call runs, with "
            + "`data: {execution_id, step_seq, index, delta}` and no `id:` line. Token events are ephemeral (not in the "
            + "event log; Last-Event-ID keeps naming durable events); the `step` event that follows holds the whole answer. "
            + "`index` counts 0, 1, 2… within a step; a 0 again means the call was retried: drop the partial text. "
            + "A client reading too slowly has deltas dropped, never its durable events.";

    private TokenStreaming() {
    }

    /** Whether a stream asked for {@code token} events: absent or {@code false} is no, {@code true} yes, else 400. */
    public static boolean asked(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.validation(PARAMETER, "must be true or false");
    }

    /** Closes both subscriptions of a stream; {@code second} may be null. */
    static AutoCloseable both(AutoCloseable first, AutoCloseable second) {
        if (second == null) {
            return first;
        }
        return () -> {
            try {
                first.close();
            } finally {
                second.close();
            }
        };
    }
}
