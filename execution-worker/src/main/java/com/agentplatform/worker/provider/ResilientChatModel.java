package com.agentplatform.worker.provider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;

/**
 * A provider's model behind its provider's resilience: retry with backoff (outermost), then the circuit breaker,
 * then the bulkhead. Every failure leaves as {@link TransientModelException} or {@link PermanentModelException}.
 * The provider's client is shared by all its models, so the model's name is set on each request.
 */
final class ResilientChatModel implements ChatModel {

    private final ModelName name;
    private final ChatModel delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;

    ResilientChatModel(ModelName name, ChatModel delegate, Retry retry, CircuitBreaker breaker, Bulkhead bulkhead) {
        this.name = name;
        this.delegate = delegate;
        this.retry = retry;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        ChatRequest named = ChatRequest.builder()
                .messages(request.messages())
                .parameters(request.parameters().overrideWith(ChatRequestParameters.builder().modelName(name.model()).build()))
                .build();
        Supplier<ChatResponse> call = () -> {
            try {
                return delegate.chat(named);
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
