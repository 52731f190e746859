package com.agentplatform.common.execution;

import com.agentplatform.common.json.JsonMapping;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool call a waiting execution holds for a person's decision, as {@code pending_approval} shows it on the
 * execution and in its {@code waiting} event.
 *
 * @param callId      the model's id of the call; a decision must name it
 * @param tool        the tool the model called
 * @param arguments   the model's arguments, as the JSON text it wrote
 * @param requestedAt when the run paused
 * @param expiresAt   past this the execution fails with {@code APPROVAL_EXPIRED}
 */
public record PendingApproval(String callId, String tool, String arguments, Instant requestedAt, Instant expiresAt) {

    /**
     * Output key of a tool step a person approved whose call has not been made yet: the resumed attempt makes it,
     * completing that same step.
     */
    public static final String APPROVED = "approved";
    /** Output key of a decided tool step: the decision, for people reading the steps. */
    public static final String APPROVAL = "approval";

    private static final JsonMapper JSON = JsonMapping.messages();

    /** The JSON shape: arguments as an object when the model wrote valid JSON, else as the text it wrote. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("call_id", callId);
        json.put("tool", tool);
        json.put("arguments", readable(arguments));
        json.put("requested_at", requestedAt.toString());
        json.put("expires_at", expiresAt.toString());
        return json;
    }

    /** Reads what {@link #toJson()} wrote. */
    public static PendingApproval fromJson(String text) {
        JsonNode json = JSON.readTree(text);
        JsonNode arguments = json.get("arguments");
        return new PendingApproval(json.get("call_id").asString(), json.get("tool").asString(),
                arguments == null || arguments.isNull() ? "" : arguments.isString() ? arguments.asString() : arguments.toString(),
                Instant.parse(json.get("requested_at").asString()), Instant.parse(json.get("expires_at").asString()));
    }

    /** JSON text as a tree when it parses, else the text itself. */
    static Object readable(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return text;
        }
    }
}
