package com.agentplatform.common.messaging;

import com.agentplatform.common.json.JsonMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Encodes and decodes Kafka payloads; a payload that does not parse is a {@link MalformedMessageException}. */
public final class MessageCodec {

    private static final JsonMapper JSON = JsonMapping.messages();

    private MessageCodec() {
    }

    public static String encode(Object message) {
        return JSON.writeValueAsString(message);
    }

    public static ExecutionRequested decodeRequest(String payload) {
        ExecutionRequested request = decode(payload, ExecutionRequested.class);
        if (request.executionId() == null || request.tenantId() == null || request.attempt() < 1) {
            throw new MalformedMessageException("execution request lacks execution_id, tenant_id or attempt");
        }
        return request;
    }

    public static ExecutionEvent decodeEvent(String payload) {
        ExecutionEvent event = decode(payload, ExecutionEvent.class);
        if (event.executionId() == null || event.tenantId() == null || event.type() == null || event.seq() < 1) {
            throw new MalformedMessageException("execution event lacks execution_id, tenant_id, type or seq");
        }
        return event;
    }

    private static <T> T decode(String payload, Class<T> type) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedMessageException("empty payload");
        }
        try {
            return JSON.readValue(payload, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedMessageException("unparseable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
