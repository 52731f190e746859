package com.agentplatform.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted chat completion as OpenAI streams it ({@code stream: true}): the text word by word, a tool call's
 * arguments in small fragments, the finish reason, a last chunk with the usage, then {@code data: [DONE]}.
 */
final class OpenAiChunks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ARGUMENT_FRAGMENT = 4;

    private OpenAiChunks() {
    }

    static boolean asksForStream(String request) {
        return request.contains("\"stream\" : true") || request.contains("\"stream\":true");
    }

    /** The {@code data:} payloads, in order, of the streamed form of {@code completionJson}. */
    static List<String> of(String completionJson) {
        JsonNode completion = JSON.readTree(completionJson);
        JsonNode choice = completion.get("choices").get(0);
        JsonNode message = choice.get("message");
        List<String> chunks = new ArrayList<>();
        chunks.add(chunk(Map.of("role", "assistant"), null));
        JsonNode content = message.get("content");
        if (content != null && !content.isNull()) {
            for (String word : words(content.asString())) {
                chunks.add(chunk(Map.of("content", word), null));
            }
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                chunks.add(chunk(Map.of("tool_calls", List.of(Map.of("index", i, "id", call.get("id").asString(), "type", "function",
                        "function", Map.of("name", call.get("function").get("name").asString(), "arguments", "")))), null));
                String arguments = call.get("function").get("arguments").asString();
                for (int at = 0; at < arguments.length(); at += ARGUMENT_FRAGMENT) {
                    String fragment = arguments.substring(at, Math.min(arguments.length(), at + ARGUMENT_FRAGMENT));
                    chunks.add(chunk(Map.of("tool_calls", List.of(Map.of("index", i, "function", Map.of("arguments", fragment)))), null));
                }
            }
        }
        chunks.add(chunk(Map.of(), choice.get("finish_reason").asString()));
        Map<String, Object> usage = base();
        usage.put("choices", List.of());
        usage.put("usage", completion.get("usage"));
        chunks.add(JSON.writeValueAsString(usage));
        chunks.add("[DONE]");
        return chunks;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i - 1) == ' ' && text.charAt(i) != ' ') {
                words.add(text.substring(start, i));
                start = i;
            }
        }
        words.add(text.substring(start));
        return words;
    }

    private static String chunk(Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = base();
        chunk.put("choices", List.of(choice));
        return JSON.writeValueAsString(chunk);
    }

    private static Map<String, Object> base() {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", "chatcmpl-stream");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1700000000);
        chunk.put("model", "gpt-4o-mini");
        return chunk;
    }
}
