package com.agentplatform.worker.tool.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes an HTTP/1.1 request for a connection used once ({@code Connection: close}). */
final class HttpRequestWriter {

    static final String USER_AGENT = "AgentPlatform-Worker/1.0";
    private static final Set<String> EMPTY_BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private HttpRequestWriter() {
    }

    /** The request's bytes; header names and values were checked by {@link HttpFetchRequest}. */
    static byte[] encode(HttpHop hop) {
        Set<String> given = hop.headers().keySet().stream().map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        StringBuilder head = new StringBuilder(256);
        head.append(hop.method()).append(' ').append(hop.url().target()).append(" HTTP/1.1\r\n");
        header(head, "Host", hop.url().authority());
        if (!given.contains("user-agent")) {
            header(head, "User-Agent", USER_AGENT);
        }
        if (!given.contains("accept")) {
            header(head, "Accept", "application/json, text/*;q=0.9, */*;q=0.8");
        }
        // Compressed answers would need decoding and could hide their size; ask for none.
        header(head, "Accept-Encoding", "identity");
        header(head, "Connection", "close");
        hop.headers().forEach((name, value) -> header(head, name, value));
        byte[] body = hop.body() == null ? new byte[0] : hop.body().getBytes(StandardCharsets.UTF_8);
        if (hop.body() != null && !given.contains("content-type")) {
            header(head, "Content-Type", "application/json; charset=utf-8");
        }
        if (hop.body() != null || EMPTY_BODY_METHODS.contains(hop.method())) {
            header(head, "Content-Length", Integer.toString(body.length));
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void header(StringBuilder head, String name, String value) {
        head.append(name).append(": ").append(value).append("\r\n");
    }
}
