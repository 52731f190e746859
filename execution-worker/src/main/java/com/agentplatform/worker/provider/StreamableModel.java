package com.agentplatform.worker.provider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/** A model the runtime calls: blocking, and when someone listens, streaming its answer's text as it is written. */
public interface StreamableModel extends ChatModel {

    /**
     * Like {@link #chat(ChatRequest)}, and the response is the same (text, tool calls, usage); meanwhile the answer's
     * text goes to {@code tokens} piece by piece. With {@link TokenSink#NONE} this is {@link #chat(ChatRequest)}.
     */
    ChatResponse chat(ChatRequest request, TokenSink tokens);
}
