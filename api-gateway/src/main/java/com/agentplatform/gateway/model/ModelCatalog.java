package com.agentplatform.gateway.model;

import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The models this deployment can run: the offline and simulated models always, and any model of a configured
 * provider ({@code openai:…}, {@code anthropic:…}, {@code ollama:…}). A model the workers could not run is refused at
 * submit with 422, not discovered at run time.
 */
@Component
public class ModelCatalog {

    private static final Pattern NAME = Pattern.compile("([a-z]+):([A-Za-z0-9._:/@-]{1,150})");
    private static final List<ModelView> ALWAYS = List.of(
            new ModelView("offline:deterministic", "offline",
                    "Offline deterministic model: no network, no key; calls the calculator for arithmetic, else echoes"),
            new ModelView("simulated:default", "simulated",
                    "Simulated model for load and fault tests: the offline answers after a configured latency"));

    private final Set<String> providers;

    ModelCatalog(GatewaySettings settings) {
        this.providers = settings.providers().configured();
    }

    public List<ModelView> list() {
        List<ModelView> models = new ArrayList<>(ALWAYS);
        for (String provider : providers) {
            models.add(new ModelView(provider + ":*", provider, "Any " + provider + " model, such as " + example(provider)));
        }
        return models;
    }

    /** Refuses a model this deployment cannot run. */
    public void check(String model) {
        if (ALWAYS.stream().anyMatch(known -> known.name().equals(model))) {
            return;
        }
        var match = NAME.matcher(model);
        if (!match.matches() || !providers.contains(match.group(1))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_MODEL",
                    "model '" + model + "' is not available here; see GET /v1/models", List.of(new FieldError("model", "is not available")));
        }
    }

    private static String example(String provider) {
        return switch (provider) {
            case "openai" -> "openai:gpt-4o-mini";
            case "anthropic" -> "anthropic:claude-sonnet-4-5";
            case "ollama" -> "ollama:llama3.2";
            default -> provider + ":<model>";
        };
    }
}
