package com.agentplatform.worker.runtime;

import dev.langchain4j.model.chat.ChatModel;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The models this worker can run, by {@code provider:model} name. */
@Component
public class ChatModels {

    private final Map<String, ChatModel> byName = Map.of(OfflineChatModel.NAME, new OfflineChatModel());

    public Optional<ChatModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
