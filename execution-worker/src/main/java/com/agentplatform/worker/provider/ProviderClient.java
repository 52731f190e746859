package com.agentplatform.worker.provider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A provider's two langchain4j clients, built once: the blocking one for calls nobody listens to (no chunk parsing
 * to pay for), the streaming one when a client follows the tokens. Both answer with the same response: text, tool
 * calls (streamed argument fragments are assembled by langchain4j), usage and finish reason.
 */
final class ProviderClient implements StreamableModel {

    private final ChatModel blocking;
    private final StreamingChatModel streaming;

    ProviderClient(ChatModel blocking, StreamingChatModel streaming) {
        this.blocking = blocking;
        this.streaming = streaming;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return blocking.chat(request);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return blocking.chat(request);
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenSink tokens) {
        if (tokens == TokenSink.NONE) {
            return chat(request);
        }
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                if (!done.isDone()) {
                    tokens.delta(text);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        // The platform's HTTP client reads the stream on this thread: when chat returns, the stream is over.
        if (!done.isDone() || done.isCompletedExceptionally()) {
            return result(done);
        }
        ChatResponse response = done.join();
        if (response.finishReason() == null) {
            // A stream cut short (no final chunk) would otherwise be recorded as if it were the whole answer.
            throw new TransientModelException("the provider's stream ended before its answer was complete", null, null);
        }
        return response;
    }

    private static ChatResponse result(CompletableFuture<ChatResponse> done) {
        if (!done.isDone()) {
            throw new TransientModelException("the provider's stream ended before its answer was complete", null, null);
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
