package com.agentplatform.worker.provider;

/** Bodies in OpenAI's documented chat-completions format. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    /** {@code arguments} is already JSON-escaped for embedding in a JSON string. */
    static String toolCall(String id, String tool, String arguments, int promptTokens, int completionTokens) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": "tool_calls",
                   "message": {"role": "assistant", "content": null,
                     "tool_calls": [{"id": "%s", "type": "function", "function": {"name": "%s", "arguments": "%s"}}]}}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
                .formatted(id, tool, arguments, promptTokens, completionTokens, promptTokens + completionTokens);
    }

    static String answer(String text, int promptTokens, int completionTokens) {
        return """
                {"id": "chatcmpl-2", "object": "chat.completion", "created": 1700000001, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "%s"}}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
                .formatted(text, promptTokens, completionTokens, promptTokens + completionTokens);
    }

    static String error(String message, String type) {
        return """
                {"error": {"message": "%s", "type": "%s", "param": null, "code": "%s"}}""".formatted(message, type, type);
    }
}
