package com.agentplatform.gateway.tool;

import com.agentplatform.common.tool.BuiltInTool;
import com.agentplatform.common.tool.ToolHeaders;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tenant tool definition must look like. Only shape is checked here; whether a URL is safe to call is
 * decided when the worker calls it.
 *
 * <ul>
 *   <li>{@code http}: {@code {url, method?, headers?, parameters?, timeout_ms?}}; the URL may hold {@code {param}}
 *       placeholders filled from the arguments; {@code headers} follow {@link ToolHeaders}.</li>
 *   <li>{@code mcp}: {@code {url, transport?: "streamable_http"}}; its tools are discovered at run time.</li>
 * </ul>
 */
final class ToolConfigs {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> HTTP_KEYS = Set.of("url", "method", "headers", "parameters", "timeout_ms");
    private static final Set<String> MCP_KEYS = Set.of("url", "transport");
    private static final int MAX_DESCRIPTION = 2_000;

    private ToolConfigs() {
    }

    static void check(ToolBody body, List<FieldError> errors) {
        if (body.name() == null || !NAME.matcher(body.name()).matches()) {
            errors.add(new FieldError("name", "must be 1-64 letters, digits, '_' or '-'"));
        } else if (BuiltInTool.named(body.name()).isPresent()) {
            errors.add(new FieldError("name", "is the name of a built-in tool"));
        }
        if (body.description() == null || body.description().isBlank() || body.description().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be 1-" + MAX_DESCRIPTION + " characters"));
        }
        Map<String, Object> config = body.config();
        if (config == null) {
            errors.add(new FieldError("config", "is required"));
            return;
        }
        switch (body.kind() == null ? "" : body.kind()) {
            case "http" -> checkHttp(config, errors);
            case "mcp" -> checkMcp(config, errors);
            default -> errors.add(new FieldError("kind", "must be one of [http, mcp]"));
        }
    }

    private static void checkHttp(Map<String, Object> config, List<FieldError> errors) {
        unknownKeys(config, HTTP_KEYS, errors);
        checkUrl(config.get("url"), errors);
        Object method = config.get("method");
        if (method != null && !(method instanceof String m && METHODS.contains(m))) {
            errors.add(new FieldError("config.method", "must be one of " + METHODS));
        }
        checkHeaders(config.get("headers"), errors);
        Object parameters = config.get("parameters");
        if (parameters != null && !(parameters instanceof Map<?, ?> schema && "object".equals(schema.get("type")))) {
            errors.add(new FieldError("config.parameters", "must be a JSON schema with \"type\": \"object\""));
        }
        Object timeout = config.get("timeout_ms");
        if (timeout != null && !(timeout instanceof Integer ms && ms >= 100 && ms <= 60_000)) {
            errors.add(new FieldError("config.timeout_ms", "must be an integer between 100 and 60000"));
        }
    }

    /**
     * Header names must be tokens and values one line of printable ASCII: a CR or LF would let a tenant add headers
     * or whole requests of its own to what the worker sends.
     */
    private static void checkHeaders(Object value, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> headers) || !headers.values().stream().allMatch(String.class::isInstance)) {
            errors.add(new FieldError("config.headers", "must be an object of strings"));
            return;
        }
        if (headers.size() > ToolHeaders.MAX_HEADERS) {
            errors.add(new FieldError("config.headers", "must hold at most " + ToolHeaders.MAX_HEADERS + " headers"));
            return;
        }
        Set<String> seen = new HashSet<>();
        headers.forEach((key, header) -> {
            String name = String.valueOf(key);
            String field = "config.headers." + name;
            ToolHeaders.problemWithName(name).ifPresentOrElse(problem -> errors.add(new FieldError(field, problem)), () -> {
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    errors.add(new FieldError(field, "repeats a header name (names are compared without case)"));
                }
            });
            ToolHeaders.problemWithValue((String) header).ifPresent(problem -> errors.add(new FieldError(field, problem)));
        });
    }

    private static void checkMcp(Map<String, Object> config, List<FieldError> errors) {
        unknownKeys(config, MCP_KEYS, errors);
        checkUrl(config.get("url"), errors);
        Object transport = config.get("transport");
        if (transport != null && !"streamable_http".equals(transport)) {
            errors.add(new FieldError("config.transport", "must be \"streamable_http\" (stdio servers are not allowed here)"));
        }
    }

    private static void checkUrl(Object value, List<FieldError> errors) {
        if (!(value instanceof String url) || url.length() > 2_000) {
            errors.add(new FieldError("config.url", "is required: an http or https URL"));
            return;
        }
        try {
            URI uri = new URI(url.replaceAll("\\{[A-Za-z0-9_]+}", "x"));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                errors.add(new FieldError("config.url", "must be an absolute http or https URL without credentials"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError("config.url", "is not a valid URL"));
        }
    }

    private static void unknownKeys(Map<String, Object> config, Set<String> allowed, List<FieldError> errors) {
        config.keySet().stream().filter(key -> !allowed.contains(key)).sorted()
                .forEach(key -> errors.add(new FieldError("config." + key, "is not a known field")));
    }
}
