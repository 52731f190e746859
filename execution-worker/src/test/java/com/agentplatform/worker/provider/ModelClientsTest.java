package com.agentplatform.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.WorkerSettings;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Model names are free text of agents: whatever names a worker is asked for, it keeps one client per provider and
 * sends the name with each request, so nothing (threads, connections) grows with the names it has seen.
 */
class ModelClientsTest {

    private static final int DISTINCT_NAMES = 300;

    private final FakeProviderServer server = new FakeProviderServer();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void threeHundredDistinctModelNamesLeaveTheWorkersThreadCountFlat() {
        server.then(200, OpenAiWire.answer("Fine.", 5, 1));
        ChatModels models = new ChatModels(providers(server.baseUrl()), Duration.ZERO, new SimpleMeterRegistry());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ask(models, "openai:warm-up");
        int before = threads.getThreadCount();

        for (int i = 0; i < DISTINCT_NAMES; i++) {
            ask(models, "openai:model-" + i);
        }

        assertThat(threads.getThreadCount()).as("live threads after %d distinct model names", DISTINCT_NAMES)
                .isLessThanOrEqualTo(before + 5);
        assertThat(server.received()).hasSize(DISTINCT_NAMES + 1);
        assertThat(modelSentIn(server.received().getLast())).isEqualTo("model-" + (DISTINCT_NAMES - 1));
    }

    @Test
    void eachCallCarriesItsOwnModelNameToEveryProvider() {
        server.then(200, OpenAiWire.answer("Fine.", 5, 1));
        ChatModels models = new ChatModels(providers(server.baseUrl()), Duration.ZERO, new SimpleMeterRegistry());

        ask(models, "openai:gpt-4o-mini");
        ask(models, "openai:gpt-4o");
        ask(models, "ollama:llama3.2");

        assertThat(server.received()).extracting(FakeProviderServer.Received::path)
                .containsExactly("/v1/chat/completions", "/v1/chat/completions", "/ollama/v1/chat/completions");
        assertThat(server.received()).extracting(ModelClientsTest::modelSentIn).containsExactly("gpt-4o-mini", "gpt-4o", "llama3.2");
    }

    @Test
    void anthropicCallsCarryTheirOwnModelNameToo() {
        server.then(200, AnthropicWire.answer("Fine.", 5, 1));
        ChatModels models = new ChatModels(providers(server.baseUrl()), Duration.ZERO, new SimpleMeterRegistry());

        ask(models, "anthropic:claude-sonnet-4-5");
        ask(models, "anthropic:claude-haiku-4-5");

        assertThat(server.received()).extracting(ModelClientsTest::modelSentIn)
                .containsExactly("claude-sonnet-4-5", "claude-haiku-4-5");
    }

    private static void ask(ChatModels models, String name) {
        models.find(name).orElseThrow().chat(ChatRequest.builder().messages(UserMessage.from("Hello")).build());
    }

    private static String modelSentIn(FakeProviderServer.Received request) {
        return JsonMapping.messages().readTree(request.body()).get("model").asString();
    }

    private static WorkerSettings.Providers providers(String baseUrl) {
        return new WorkerSettings.Providers(new WorkerSettings.OpenAi("test-key", baseUrl + "/v1"),
                new WorkerSettings.Anthropic("test-key", baseUrl + "/v1/"), new WorkerSettings.Ollama(baseUrl + "/ollama"),
                Duration.ofSeconds(5), WorkerSettings.Resilience.defaults());
    }
}
