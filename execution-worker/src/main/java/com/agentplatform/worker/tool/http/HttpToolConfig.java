package com.agentplatform.worker.tool.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's HTTP tool as {@link HttpToolCall} runs it.
 *
 * @param urlTemplate an http(s) URL with {@code {name}} placeholders in its path and query
 * @param method      GET, POST, PUT, PATCH or DELETE (GET when {@code null})
 * @param headers     sent with every call, to the template's origin only (never after a redirect elsewhere)
 * @param timeoutMs   the deadline for one call, or {@code null} for the client's default
 */
public record HttpToolConfig(String urlTemplate, String method, Map<String, String> headers, Integer timeoutMs) {

    public HttpToolConfig {
        Objects.requireNonNull(urlTemplate, "urlTemplate");
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /**
     * Reads the {@code config} object of a stored tool of kind {@code http}: {@code url}, {@code method},
     * {@code headers}, {@code timeout_ms} (the gateway has checked their shape).
     */
    public static HttpToolConfig fromStored(Map<String, ?> config) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.get("headers") instanceof Map<?, ?> stored) {
            stored.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
        }
        Object timeout = config.get("timeout_ms");
        return new HttpToolConfig((String) config.get("url"), (String) config.get("method"), headers,
                timeout instanceof Number ms ? ms.intValue() : null);
    }
}
