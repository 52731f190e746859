package com.agentplatform.common.messaging;

import com.agentplatform.common.id.TenantId;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * A piece of a model's answer while it is being written, sent from the worker running the call to the gateways over
 * Redis pub/sub (never Kafka, never stored): the {@code data} of an SSE {@code token} event. Ephemeral by design; the
 * recorded {@code step} that follows holds the whole answer.
 *
 * @param executionId the execution whose model call this is
 * @param stepSeq     the number the recorded step of this call will get
 * @param index       0, 1, 2… within the step; a 0 after others means the call was tried again from the start and
 *                    the text received so far for this step is void
 * @param delta       the text written since the previous delta (deltas are coalesced, several tokens each)
 * @param threadId    the thread the execution runs on, or null (absent from the JSON): a thread's stream keeps the
 *                    deltas of its own runs without asking the database which runs those are
 */
public record TokenDelta(UUID executionId, int stepSeq, int index, String delta,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID threadId) {

    /** A delta of a run on no thread. */
    public TokenDelta(UUID executionId, int stepSeq, int index, String delta) {
        this(executionId, stepSeq, index, delta, null);
    }

    private static final String CHANNEL_PREFIX = "platform:tokens:";
    private static final String WANTED_PREFIX = "platform:tokens-wanted:";

    /** The Redis channel a tenant's deltas are published on. */
    public static String channel(TenantId tenant) {
        return CHANNEL_PREFIX + tenant;
    }

    /**
     * The Redis key a gateway keeps alive (with a short expiry) while one of its clients follows the tenant's tokens:
     * without it, workers publish nothing for the tenant.
     */
    public static String wantedKey(TenantId tenant) {
        return WANTED_PREFIX + tenant;
    }
}
