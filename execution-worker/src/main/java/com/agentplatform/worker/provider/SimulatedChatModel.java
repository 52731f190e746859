package com.agentplatform.worker.provider;

import com.agentplatform.worker.WorkerSettings;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A simulated model for load and fault tests ({@code platform.worker.simulated.*}): the offline model's answers after
 * a fixed latency spent sleeping (no CPU, like waiting on a real provider), with configurable token counts, and a
 * configurable share of calls failing as a provider outage would (transient: retried and counted by its circuit
 * breaker, like any provider's).
 */
public final class SimulatedChatModel implements ChatModel {

    public static final String NAME = "simulated:default";

    private final OfflineChatModel answers = new OfflineChatModel();
    private final WorkerSettings.Simulated settings;

    SimulatedChatModel(WorkerSettings.Simulated settings) {
        this.settings = settings;
    }

    private java.time.Duration latency() {
        if (settings.maxLatency() == null || settings.maxLatency().compareTo(settings.latency()) <= 0) {
            return settings.latency();
        }
        long spread = settings.maxLatency().toMillis() - settings.latency().toMillis();
        return settings.latency().plusMillis(ThreadLocalRandom.current().nextLong(spread + 1));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try {
            Thread.sleep(latency());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating latency", e);
        }
        if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            throw new TransientModelException("simulated provider failure (failure-rate " + settings.failureRate() + ")", null, null);
        }
        ChatResponse answer = answers.doChat(request);
        if (settings.inputTokens() == null && settings.outputTokens() == null) {
            return answer;
        }
        TokenUsage estimated = answer.tokenUsage();
        return ChatResponse.builder()
                .aiMessage(answer.aiMessage())
                .modelName(NAME)
                .finishReason(answer.finishReason())
                .tokenUsage(new TokenUsage(
                        settings.inputTokens() != null ? settings.inputTokens() : estimated.inputTokenCount(),
                        settings.outputTokens() != null ? settings.outputTokens() : estimated.outputTokenCount()))
                .build();
    }
}
