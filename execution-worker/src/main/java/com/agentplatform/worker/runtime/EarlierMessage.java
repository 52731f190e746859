package com.agentplatform.worker.runtime;

import java.util.List;
import java.util.Map;

/**
 * A message an earlier run of the thread wrote, as the model is to see it again.
 *
 * @param role       {@code user}, {@code assistant} or {@code tool}
 * @param content    its text; may be null for a reply that only called tools
 * @param toolCalls  a reply's tool calls ({@code {id, name, arguments}}); empty otherwise
 * @param toolCallId for a tool result, the call it answers
 */
public record EarlierMessage(String role, String content, List<Map<String, Object>> toolCalls, String toolCallId) {

    public EarlierMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
