package com.agentplatform.worker.tool.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a fetch came back with, after any redirects.
 *
 * @param status   the HTTP status code of the last response
 * @param headers  its headers, names in lower case, values in the order received
 * @param body     the body as text, decoded by the Content-Type charset (UTF-8 when none or unknown)
 * @param finalUrl the URL that gave this response, after redirects
 */
public record HttpFetchResult(int status, Map<String, List<String>> headers, String body, String finalUrl) {

    public HttpFetchResult {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
