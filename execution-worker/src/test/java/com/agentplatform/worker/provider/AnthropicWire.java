package com.agentplatform.worker.provider;

/** Bodies in Anthropic's documented Messages API format. */
final class AnthropicWire {

    private AnthropicWire() {
    }

    /** {@code input} is a JSON object, embedded as is. */
    static String toolUse(String id, String tool, String input, int inputTokens, int outputTokens) {
        return """
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                 "content": [{"type": "text", "text": "I will use the calculator."},
                             {"type": "tool_use", "id": "%s", "name": "%s", "input": %s}],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": %d, "output_tokens": %d}}""".formatted(id, tool, input, inputTokens, outputTokens);
    }

    static String answer(String text, int inputTokens, int outputTokens) {
        return """
                {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                 "content": [{"type": "text", "text": "%s"}],
                 "stop_reason": "end_turn", "stop_sequence": null,
                 "usage": {"input_tokens": %d, "output_tokens": %d}}""".formatted(text, inputTokens, outputTokens);
    }

    static String error(String type, String message) {
        return """
                {"type": "error", "error": {"type": "%s", "message": "%s"}}""".formatted(type, message);
    }
}
