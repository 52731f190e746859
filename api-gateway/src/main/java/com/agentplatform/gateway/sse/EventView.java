package com.agentplatform.gateway.sse;

import com.agentplatform.common.messaging.ExecutionEvent;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The {@code data:} of one SSE event. */
record EventView(UUID executionId, long seq, String type, String status, JsonNode payload, Instant createdAt) {

    static EventView of(ExecutionEvent event) {
        return new EventView(event.executionId(), event.seq(), event.type().wireName(), event.status().wireName(),
                event.payload(), event.createdAt());
    }
}
