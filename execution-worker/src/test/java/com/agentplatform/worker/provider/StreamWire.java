package com.agentplatform.worker.provider;

import com.agentplatform.common.json.JsonMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streamed answers in OpenAI's (chat-completion chunks, {@code data: [DONE]}) and Anthropic's (typed events) formats. */
final class StreamWire {

    private StreamWire() {
    }

    static String openAiText(List<String> pieces, int promptTokens, int completionTokens) {
        List<Map<String, Object>> chunks = new ArrayList<>();
        chunks.add(openAiChunk(Map.of("role", "assistant", "content", ""), null));
        pieces.forEach(piece -> chunks.add(openAiChunk(Map.of("content", piece), null)));
        chunks.add(openAiChunk(Map.of(), "stop"));
        return openAiEvents(chunks, promptTokens, completionTokens);
    }

    /** A tool call whose arguments arrive in fragments, as OpenAI streams them. */
    static String openAiToolCall(String id, String tool, List<String> argumentFragments, int promptTokens, int completionTokens) {
        List<Map<String, Object>> chunks = new ArrayList<>();
        chunks.add(openAiChunk(Map.of("role", "assistant", "tool_calls", List.of(Map.of("index", 0, "id", id, "type", "function",
                "function", Map.of("name", tool, "arguments", "")))), null));
        argumentFragments.forEach(fragment -> chunks.add(openAiChunk(Map.of("tool_calls",
                List.of(Map.of("index", 0, "function", Map.of("arguments", fragment)))), null)));
        chunks.add(openAiChunk(Map.of(), "tool_calls"));
        return openAiEvents(chunks, promptTokens, completionTokens);
    }

    /** Text pieces and no final chunk: the connection ends as if cut. */
    static String openAiCutShort(List<String> pieces) {
        StringBuilder body = new StringBuilder();
        body.append(data(openAiChunk(Map.of("role", "assistant", "content", ""), null)));
        pieces.forEach(piece -> body.append(data(openAiChunk(Map.of("content", piece), null))));
        return body.toString();
    }

    private static String openAiEvents(List<Map<String, Object>> chunks, int promptTokens, int completionTokens) {
        StringBuilder body = new StringBuilder();
        chunks.forEach(chunk -> body.append(data(chunk)));
        Map<String, Object> usage = base();
        usage.put("choices", List.of());
        usage.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                "total_tokens", promptTokens + completionTokens));
        body.append(data(usage));
        body.append("data: [DONE]\n\n");
        return body.toString();
    }

    private static Map<String, Object> openAiChunk(Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = base();
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    private static Map<String, Object> base() {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", "chatcmpl-s");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1700000000);
        chunk.put("model", "gpt-4o-mini");
        return chunk;
    }

    /** Text, then optionally a tool use whose input arrives in fragments. */
    static String anthropic(List<String> textPieces, String toolId, String tool, List<String> inputFragments,
            int inputTokens, int outputTokens) {
        StringBuilder body = new StringBuilder();
        body.append(event("message_start", Map.of("type", "message_start", "message", Map.of("id", "msg_s", "type", "message",
                "role", "assistant", "model", "claude-sonnet-4-5", "content", List.of(),
                "usage", Map.of("input_tokens", inputTokens, "output_tokens", 1)))));
        body.append(event("content_block_start", Map.of("type", "content_block_start", "index", 0,
                "content_block", Map.of("type", "text", "text", ""))));
        textPieces.forEach(piece -> body.append(event("content_block_delta", Map.of("type", "content_block_delta", "index", 0,
                "delta", Map.of("type", "text_delta", "text", piece)))));
        body.append(event("content_block_stop", Map.of("type", "content_block_stop", "index", 0)));
        if (tool != null) {
            body.append(event("content_block_start", Map.of("type", "content_block_start", "index", 1,
                    "content_block", Map.of("type", "tool_use", "id", toolId, "name", tool, "input", Map.of()))));
            inputFragments.forEach(fragment -> body.append(event("content_block_delta", Map.of("type", "content_block_delta",
                    "index", 1, "delta", Map.of("type", "input_json_delta", "partial_json", fragment)))));
            body.append(event("content_block_stop", Map.of("type", "content_block_stop", "index", 1)));
        }
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("stop_reason", tool != null ? "tool_use" : "end_turn");
        stop.put("stop_sequence", null);
        body.append(event("message_delta", Map.of("type", "message_delta", "delta", stop,
                "usage", Map.of("output_tokens", outputTokens))));
        body.append(event("message_stop", Map.of("type", "message_stop")));
        return body.toString();
    }

    private static String data(Map<String, Object> json) {
        return "data: " + JsonMapping.messages().writeValueAsString(json) + "\n\n";
    }

    private static String event(String name, Map<String, Object> json) {
        return "event: " + name + "\n" + data(json);
    }
}
