package com.agentplatform.worker.provider;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.regex.Pattern;

/**
 * OpenAI's reasoning models (the o-series, gpt-5) refuse {@code max_tokens} with a 400 and take the output bound as
 * {@code max_completion_tokens}, which also counts their hidden reasoning. Requests for them are rewritten so; other
 * models keep {@code max_tokens}, the field every OpenAI-compatible server understands.
 */
final class ReasoningTokenLimit implements StreamableModel {

    private static final Pattern REASONING = Pattern.compile("(o\\d|gpt-5)([-.].*)?");

    private final StreamableModel delegate;

    ReasoningTokenLimit(StreamableModel delegate) {
        this.delegate = delegate;
    }

    static boolean isReasoningModel(String model) {
        return model != null && REASONING.matcher(model).matches();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return delegate.chat(rewritten(request));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return delegate.chat(rewritten(request));
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenSink tokens) {
        return delegate.chat(rewritten(request), tokens);
    }

    private static ChatRequest rewritten(ChatRequest request) {
        ChatRequestParameters parameters = request.parameters();
        if (!isReasoningModel(parameters.modelName()) || parameters.maxOutputTokens() == null) {
            return request;
        }
        return ChatRequest.builder()
                .messages(request.messages())
                .parameters(OpenAiChatRequestParameters.builder()
                        .overrideWith(parameters)
                        .maxOutputTokens(null)
                        .maxCompletionTokens(parameters.maxOutputTokens())
                        .build())
                .build();
    }
}
