package com.agentplatform.worker.provider;

import com.agentplatform.common.workflow.ToolStepModel;
import com.agentplatform.worker.WorkerSettings;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The models this worker can run, by {@code provider:model} name: the offline and simulated models always; OpenAI
 * (and any OpenAI-compatible server by base URL), Anthropic and Ollama (through its OpenAI-compatible endpoint) when
 * configured. There is one client per provider (and so per base URL), built once; the model's name goes with each
 * request, because names are free text of agents and nothing may grow with them: a client per name would keep its
 * HTTP client's threads for ever. Calls go through their provider's retry, circuit breaker and bulkhead;
 * langchain4j's own retries are off so there is one retry policy. Each provider has a blocking and a streaming
 * client (both built once, same base URL and HTTP client): a call streams only while a client listens for tokens.
 */
@Component
public class ChatModels {

    private static final String SIMULATED = "simulated";

    private final WorkerSettings.Providers providers;
    private final ProviderResilience resilience;
    private final Map<String, StreamableModel> fixed;
    /** By provider: at most one client each, whatever model names agents use. */
    private final Map<String, StreamableModel> clients;

    @Autowired
    public ChatModels(WorkerSettings settings, MeterRegistry meters) {
        this(settings.providers(), settings.simulated(), meters);
    }

    ChatModels(WorkerSettings.Providers providers, WorkerSettings.Simulated simulated, MeterRegistry meters) {
        this.providers = providers;
        this.resilience = new ProviderResilience(providers.resilience(), meters);
        ModelName simulatedName = ModelName.parse(SimulatedChatModel.NAME);
        this.fixed = Map.of(
                OfflineChatModel.NAME, new OfflineChatModel(),
                ToolStepModel.NAME, new ToolStepChatModel(),
                // Behind the same resilience as a real provider, so fault tests exercise retries and the breaker.
                SimulatedChatModel.NAME, new ResilientChatModel(simulatedName, new SimulatedChatModel(simulated),
                        resilience.retry(SIMULATED), resilience.breaker(SIMULATED), resilience.bulkhead(SIMULATED)));
        Map<String, StreamableModel> byProvider = new HashMap<>();
        configuredProviders().forEach(provider -> byProvider.put(provider, client(provider)));
        this.clients = Map.copyOf(byProvider);
    }

    ChatModels(WorkerSettings.Providers providers, java.time.Duration simulatedLatency, MeterRegistry meters) {
        this(providers, WorkerSettings.Simulated.withLatency(simulatedLatency), meters);
    }

    /** The offline model only, for tests of the runtime itself. */
    public ChatModels() {
        this(WorkerSettings.Providers.none(), java.time.Duration.ZERO, null);
    }

    public Optional<StreamableModel> find(String name) {
        StreamableModel known = fixed.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        ModelName model;
        try {
            model = ModelName.parse(name);
        } catch (PermanentModelException e) {
            return Optional.empty();
        }
        StreamableModel client = clients.get(model.provider());
        if (client == null) {
            return Optional.empty();
        }
        // A view of the provider's one client, made per lookup and kept by nobody: the name travels per request.
        return Optional.of(new ResilientChatModel(model, client, resilience.retry(model.provider()),
                resilience.breaker(model.provider()), resilience.bulkhead(model.provider())));
    }

    /** Providers with what they need to be called. */
    public Set<String> configuredProviders() {
        Set<String> configured = new LinkedHashSet<>();
        if (present(providers.openai().apiKey()) || present(providers.openai().baseUrl())) {
            configured.add("openai");
        }
        if (present(providers.anthropic().apiKey())) {
            configured.add("anthropic");
        }
        if (present(providers.ollama().baseUrl())) {
            configured.add("ollama");
        }
        return configured;
    }

    /** A provider's clients, without a model name: each request names its model. */
    private StreamableModel client(String provider) {
        return switch (provider) {
            case "openai" -> new ReasoningTokenLimit(openAiCompatible(orDefault(providers.openai().baseUrl(),
                    "https://api.openai.com/v1"), orDefault(providers.openai().apiKey(), "not-needed")));
            case "ollama" -> openAiCompatible(stripSlash(providers.ollama().baseUrl()) + "/v1", "ollama");
            case "anthropic" -> {
                String baseUrl = orDefault(providers.anthropic().baseUrl(), "https://api.anthropic.com/v1/");
                yield new ProviderClient(AnthropicChatModel.builder()
                        .httpClientBuilder(new RetryAfterHttpClient.Builder())
                        .baseUrl(baseUrl)
                        .apiKey(providers.anthropic().apiKey())
                        .timeout(providers.callTimeout())
                        .maxRetries(0)
                        .build(),
                        AnthropicStreamingChatModel.builder()
                                .httpClientBuilder(new RetryAfterHttpClient.Builder())
                                .baseUrl(baseUrl)
                                .apiKey(providers.anthropic().apiKey())
                                .timeout(providers.callTimeout())
                                .build());
            }
            default -> throw new IllegalStateException("no client for provider " + provider);
        };
    }

    private StreamableModel openAiCompatible(String baseUrl, String apiKey) {
        return new ProviderClient(OpenAiChatModel.builder()
                .httpClientBuilder(new RetryAfterHttpClient.Builder())
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .timeout(providers.callTimeout())
                .maxRetries(0)
                .build(),
                OpenAiStreamingChatModel.builder()
                        .httpClientBuilder(new RetryAfterHttpClient.Builder())
                        .baseUrl(baseUrl)
                        .apiKey(apiKey)
                        .timeout(providers.callTimeout())
                        .build());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String orDefault(String value, String fallback) {
        return present(value) ? value : fallback;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
