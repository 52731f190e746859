package com.agentplatform.worker.provider;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A provider's model behind its provider's resilience: retry with backoff (outermost), then the circuit breaker,
 * then the bulkhead. Every failure leaves as {@link TransientModelException} or {@link PermanentModelException}.
 * The provider's client is shared by all its models, so the model's name is set on each request.
 */
final class ResilientChatModel implements StreamableModel {

    private final ModelName name;
    private final StreamableModel delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;

    ResilientChatModel(ModelName name, StreamableModel delegate, Retry retry, CircuitBreaker breaker, Bulkhead bulkhead) {
        this.name = name;
        this.delegate = delegate;
        this.retry = retry;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        ChatRequest named = named(request);
        return resilient(() -> delegate.chat(named));
    }

    /**
     * Streamed, each try starts the answer again: a retry tells the sink, so listeners drop the failed try's text.
     */
    @Override
    public ChatResponse chat(ChatRequest request, TokenSink tokens) {
        if (tokens == TokenSink.NONE) {
            return chat(request);
        }
        ChatRequest named = named(request);
        AtomicBoolean tried = new AtomicBoolean();
        return resilient(() -> {
            if (tried.getAndSet(true)) {
                tokens.restart();
            }
            return delegate.chat(named, tokens);
        });
    }

    private ChatRequest named(ChatRequest request) {
        return ChatRequest.builder()
                .messages(request.messages())
                .parameters(request.parameters().overrideWith(ChatRequestParameters.builder().modelName(name.model()).build()))
                .build();
    }

    private ChatResponse resilient(Supplier<ChatResponse> attempt) {
        Supplier<ChatResponse> call = () -> {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                throw Failures.classify(name, e);
            }
        };
        call = Bulkhead.decorateSupplier(bulkhead, call);
        call = CircuitBreaker.decorateSupplier(breaker, call);
        call = Retry.decorateSupplier(retry, call);
        try {
            return call.get();
        } catch (CallNotPermittedException e) {
            throw new TransientModelException(name.provider() + " is failing; its circuit is open, calls fail fast for now", null, e);
        } catch (BulkheadFullException e) {
            throw new TransientModelException(name.provider() + " has too many calls in flight on this worker", null, e);
        }
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return chat(request);
    }
}
