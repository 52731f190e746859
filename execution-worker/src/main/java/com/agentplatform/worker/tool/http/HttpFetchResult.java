package com.agentplatform.worker.tool.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml", "application/javascript",
            "application/ecmascript", "application/x-www-form-urlencoded", "application/yaml", "application/x-yaml",
            "application/toml", "application/x-ndjson", "application/ndjson", "application/graphql", "application/sql",
            "application/csv", "application/x-sh", "application/rtf", "application/jsonl");

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

    /** The media type of the body, lower case and without parameters ({@code text/html}), or empty when none is given. */
    public Optional<String> mediaType() {
        return header("content-type").map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(type -> !type.isEmpty());
    }

    /**
     * Whether the body is text a model can read: {@code text/*}, JSON, XML, JavaScript, forms, YAML and the like. A
     * body without a type is taken for text. Anything else (images, archives, PDFs…) is bytes that decoding would
     * turn into noise.
     */
    public boolean isText() {
        return mediaType().map(HttpFetchResult::isTextType).orElse(true);
    }

    private static boolean isTextType(String type) {
        return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml") || TEXT_TYPES.contains(type);
    }
}
