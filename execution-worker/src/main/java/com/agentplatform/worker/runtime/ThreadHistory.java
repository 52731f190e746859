package com.agentplatform.worker.runtime;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A thread's earlier messages as a conversation a provider accepts. Trimming to the budget (oldest first) and runs
 * stopped between a model's tool call and its result can leave a tool result without its call, or a call without its
 * result; providers refuse both, so such halves are left out (a reply keeps its text).
 */
final class ThreadHistory {

    private ThreadHistory() {
    }

    static List<ChatMessage> toMessages(List<EarlierMessage> earlier) {
        Set<String> answered = new HashSet<>();
        earlier.stream().filter(message -> "tool".equals(message.role())).forEach(message -> answered.add(message.toolCallId()));
        Map<String, String> openCalls = new HashMap<>();
        List<ChatMessage> messages = new ArrayList<>();
        for (EarlierMessage message : earlier) {
            switch (message.role()) {
                case "user" -> messages.add(UserMessage.from(orEmpty(message.content())));
                case "assistant" -> {
                    AiMessage reply = reply(message, answered, openCalls);
                    if (reply != null) {
                        messages.add(reply);
                    }
                }
                case "tool" -> {
                    String tool = openCalls.remove(message.toolCallId());
                    if (tool != null) {
                        messages.add(ToolExecutionResultMessage.from(message.toolCallId(), tool, orEmpty(message.content())));
                    }
                }
                default -> {
                    // a role this worker does not know: not shown to the model
                }
            }
        }
        return messages;
    }

    private static AiMessage reply(EarlierMessage message, Set<String> answered, Map<String, String> openCalls) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (Map<String, Object> call : message.toolCalls()) {
            String id = String.valueOf(call.get("id"));
            if (answered.contains(id)) {
                String name = String.valueOf(call.get("name"));
                calls.add(ToolExecutionRequest.builder().id(id).name(name).arguments(String.valueOf(call.get("arguments"))).build());
                openCalls.put(id, name);
            }
        }
        String text = message.content();
        if (calls.isEmpty()) {
            return text == null || text.isEmpty() ? null : AiMessage.from(text);
        }
        return text == null || text.isEmpty() ? AiMessage.from(calls) : new AiMessage(text, calls);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
