package com.agentplatform.worker.tool.http;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.tool.ToolFailedException;
import com.agentplatform.worker.tool.ToolText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one call of a tenant's HTTP tool: fills the URL template from the model's arguments, sends the arguments
 * the template did not use as the JSON body (for POST, PUT, PATCH and DELETE; a GET sends only what its URL holds),
 * and hands the response body back. All of it goes through {@link SafeHttpClient}, so a tool can no more reach
 * internal addresses than the model can.
 */
@Component
public class HttpToolCall {

    static final int MAX_RESULT_CHARS = ToolText.MAX_CHARS;
    /** The header that lets an endpoint tell a repeated call from a new one. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_ERROR_CHARS = 2_000;

    private final SafeHttpClient client;

    public HttpToolCall(SafeHttpClient client) {
        this.client = client;
    }

    /** {@link #call(HttpToolConfig, String, String)} without an idempotency key (a read). */
    public String call(HttpToolConfig config, String argumentsJson) {
        return call(config, argumentsJson, null);
    }

    /**
     * The response body of a 2xx answer, shortened for the model if need be.
     *
     * @param idempotencyKey sent as {@code Idempotency-Key} (in place of any the tool's headers set) when not null
     * @throws ToolFailedException for unusable arguments, a refused or failed fetch, a non-2xx answer or one that is
     *                             not text; the message tells the model which
     */
    public String call(HttpToolConfig config, String argumentsJson, String idempotencyKey) {
        ObjectNode arguments = arguments(argumentsJson);
        HttpFetchRequest request;
        try {
            HttpUrlTemplate.Rendered url = HttpUrlTemplate.render(config.urlTemplate(), scalars(arguments));
            request = new HttpFetchRequest(config.method(), url.url(), headers(config, idempotencyKey),
                    body(config, arguments, url), config.timeoutMs() == null ? null : Duration.ofMillis(config.timeoutMs()));
        } catch (IllegalArgumentException e) {
            throw new ToolFailedException(e.getMessage());
        }
        HttpFetchResult result = fetch(request);
        if (!result.isSuccess()) {
            throw new ToolFailedException("the endpoint answered HTTP " + result.status() + ": "
                    + (result.isText() ? ToolText.cap(result.body(), MAX_ERROR_CHARS) : "(a " + result.mediaType().orElseThrow() + " body)"));
        }
        if (!result.isText()) {
            throw new ToolFailedException("the endpoint answered with " + result.mediaType().orElseThrow() + ", which is not text");
        }
        return ToolText.cap(result.body(), MAX_RESULT_CHARS);
    }

    private static Map<String, String> headers(HttpToolConfig config, String idempotencyKey) {
        if (idempotencyKey == null) {
            return config.headers();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        config.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase(IDEMPOTENCY_KEY)) {
                headers.put(name, value);
            }
        });
        headers.put(IDEMPOTENCY_KEY, idempotencyKey);
        return headers;
    }

    private HttpFetchResult fetch(HttpFetchRequest request) {
        try {
            return client.fetch(request);
        } catch (RefusedUrlException e) {
            throw new ToolFailedException("the request was refused: " + e.reason());
        } catch (HttpFetchException e) {
            throw new ToolFailedException("the request failed: " + e.getMessage());
        }
    }

    private static ObjectNode arguments(String argumentsJson) {
        if (argumentsJson == null || argumentsJson.isBlank()) {
            return JsonMapping.messages().createObjectNode();
        }
        try {
            if (JsonMapping.messages().readTree(argumentsJson) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            // answered below, like any other non-object
        }
        throw new ToolFailedException("arguments are not a JSON object");
    }

    /** The arguments a URL can hold; objects and arrays can only go in the body. */
    private static Map<String, String> scalars(ObjectNode arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> argument : arguments.properties()) {
            JsonNode value = argument.getValue();
            if (value.isString()) {
                values.put(argument.getKey(), value.asString());
            } else if (value.isNumber() || value.isBoolean()) {
                values.put(argument.getKey(), value.toString());
            }
        }
        return values;
    }

    private static String body(HttpToolConfig config, ObjectNode arguments, HttpUrlTemplate.Rendered url) {
        if (config.method().equals("GET") || config.method().equals("HEAD")) {
            return null;
        }
        ObjectNode rest = arguments.deepCopy();
        rest.remove(url.used());
        return rest.isEmpty() ? null : JsonMapping.messages().writeValueAsString(rest);
    }
}
