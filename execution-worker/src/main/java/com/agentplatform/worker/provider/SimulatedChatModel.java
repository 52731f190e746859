package com.agentplatform.worker.provider;

import com.agentplatform.worker.WorkerSettings;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A simulated model for load and fault tests ({@code platform.worker.simulated.*}): the offline model's answers after
 * a fixed latency spent sleeping (no CPU, like waiting on a real provider), with configurable token counts, and a
 * configurable share of calls failing as a provider outage would (transient: retried and counted by its circuit
 * breaker, like any provider's). Streamed, the latency is spread between the answer's words.
 */
public final class SimulatedChatModel implements StreamableModel {

    public static final String NAME = "simulated:default";

    private final OfflineChatModel answers = new OfflineChatModel();
    private final WorkerSettings.Simulated settings;

    SimulatedChatModel(WorkerSettings.Simulated settings) {
        this.settings = settings;
    }

    private Duration latency() {
        if (settings.maxLatency() == null || settings.maxLatency().compareTo(settings.latency()) <= 0) {
            return settings.latency();
        }
        long spread = settings.maxLatency().toMillis() - settings.latency().toMillis();
        return settings.latency().plusMillis(ThreadLocalRandom.current().nextLong(spread + 1));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        TextPieces.sleep(latency());
        failSometimes();
        return answer(request);
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenSink tokens) {
        if (tokens == TokenSink.NONE) {
            return chat(request);
        }
        Duration latency = latency();
        ChatResponse answer = answer(request);
        List<String> pieces = TextPieces.of(answer.aiMessage().text());
        Duration pause = latency.dividedBy(Math.max(1, pieces.size()));
        TextPieces.sleep(pause);
        failSometimes();
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                TextPieces.sleep(pause);
            }
            tokens.delta(pieces.get(i));
        }
        return answer;
    }

    private void failSometimes() {
        if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            throw new TransientModelException("simulated provider failure (failure-rate " + settings.failureRate() + ")", null, null);
        }
    }

    private ChatResponse answer(ChatRequest request) {
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
