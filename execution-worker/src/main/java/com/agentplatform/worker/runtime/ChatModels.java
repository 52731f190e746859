package com.agentplatform.worker.runtime;

import com.agentplatform.worker.WorkerSettings;
import dev.langchain4j.model.chat.ChatModel;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The models this worker can run, by {@code provider:model} name. */
@Component
public class ChatModels {


    private final Map<String, ChatModel> byName;

    @Autowired
    public ChatModels(WorkerSettings settings) {
        this.byName = Map.of(
                OfflineChatModel.NAME, new OfflineChatModel(),
                SimulatedChatModel.NAME, new SimulatedChatModel(settings.simulatedLatency()));
    }

    /** The offline model only, for tests of the runtime itself. */
    public ChatModels() {
        this.byName = Map.of(OfflineChatModel.NAME, new OfflineChatModel());
    }

    public Optional<ChatModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
