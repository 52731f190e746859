package com.agentplatform.worker.tool.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One request for {@link SafeHttpClient}. Invalid methods and headers are an {@link IllegalArgumentException}
 * here, before anything is sent.
 *
 * @param method  GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS
 * @param url     an absolute http or https URL
 * @param headers extra request headers; the ones that frame the message (Host, Content-Length, Connection...) are
 *                the client's own and refused here. They are only sent to the URL's origin, not after a redirect to
 *                another one, since they may hold credentials.
 * @param body    JSON text (sent as {@code application/json} unless a Content-Type header says otherwise), or
 *                {@code null}; only for POST, PUT, PATCH and DELETE
 * @param timeout the deadline for the whole fetch, or {@code null} for the client's default
 */
public record HttpFetchRequest(String method, String url, Map<String, String> headers, String body, Duration timeout) {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect", "accept-encoding");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");

    public HttpFetchRequest {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method " + method + " is not one of " + METHODS);
        }
        if (body != null && !BODY_METHODS.contains(method)) {
            throw new IllegalArgumentException("a " + method + " request has no body");
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headers.forEach(HttpFetchRequest::checkHeader);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
    }

    /** A plain GET with the client's default deadline. */
    public static HttpFetchRequest get(String url) {
        return new HttpFetchRequest("GET", url, Map.of(), null, null);
    }

    boolean hasBodyMethod() {
        return BODY_METHODS.contains(method);
    }

    private static void checkHeader(String name, String value) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header '" + name + "' is set by the client itself");
        }
        // No CR or LF: a value must not be able to start a header or a request of its own.
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("header '" + name + "' must be printable ASCII on one line");
        }
    }
}
