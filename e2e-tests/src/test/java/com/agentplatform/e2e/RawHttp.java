package com.agentplatform.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a bare socket, sending the request target and header bytes exactly as given: what an attacker sends,
 * not what a well-behaved client library would agree to send ({@code ;}, bad escapes, backslashes, raw bytes).
 */
final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** One request on its own connection; {@code headers} are complete lines without CRLF; {@code body} may be null. */
    Answer send(String method, String target, String body, String... headers) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            write(request, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String header : headers) {
                write(request, header + "\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                write(request, "Content-Type: application/json\r\n");
            }
            write(request, "Content-Length: " + content.length + "\r\n\r\n");
            request.write(content);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
            return new Answer(status, headers, ""); // an open stream: its status and headers are the answer
        }
        String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                ? new String(chunked(in), StandardCharsets.UTF_8)
                : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    record Answer(int status, Map<String, String> headers, String body) {

        /** The problem's stable code, or null when the body is not a problem. */
        String code() {
            try {
                JsonNode node = JSON.readTree(body);
                return node != null && node.has("code") ? node.get("code").asString() : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        boolean isProblem() {
            return headers.getOrDefault("content-type", "").startsWith("application/problem+json");
        }
    }
}
