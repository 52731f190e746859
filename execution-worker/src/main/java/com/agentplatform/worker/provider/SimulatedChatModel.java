package com.agentplatform.worker.provider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;

/**
 * A simulated model for load and fault tests: the offline model's answers after a fixed latency
 * ({@code platform.worker.simulated-latency}), spent sleeping (no CPU, like waiting on a real provider).
 */
public final class SimulatedChatModel implements ChatModel {

    public static final String NAME = "simulated:default";

    private final OfflineChatModel answers = new OfflineChatModel();
    private final Duration latency;

    SimulatedChatModel(Duration latency) {
        this.latency = latency;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating latency", e);
        }
        return answers.doChat(request);
    }
}
