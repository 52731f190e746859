package com.agentplatform.worker.tool.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.x response from a connection the client closes afterwards: status line, headers, and a body
 * framed by Content-Length, chunked transfer coding, or the end of the connection. Everything it reads is bounded;
 * going over a bound fails the fetch rather than cutting the answer short.
 */
final class HttpResponseReader {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-9][0-9]{2})(?: .*)?");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_CHUNK_LINE = 1_024;

    private final InputStream in;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private int headerBytesLeft;

    /** @param in a buffered stream: it is read a byte at a time while in the headers */
    HttpResponseReader(InputStream in, int maxHeaderBytes, long maxBodyBytes) {
        this.in = in;
        this.maxHeaderBytes = maxHeaderBytes;
        this.headerBytesLeft = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** What came back; {@code noBody} for the answer to a HEAD request, which has headers only. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    Response read(boolean noBody) throws IOException {
        while (true) {
            int status = statusLine();
            Map<String, List<String>> headers = headers();
            if (status == 101) {
                throw new HttpFetchException("the server switched protocols, which this client does not speak");
            }
            if (status < 200) {
                continue; // 100 Continue or 103 Early Hints: the real answer follows
            }
            boolean empty = noBody || status == 204 || status == 304;
            return new Response(status, headers, empty ? new byte[0] : body(headers));
        }
    }

    private int statusLine() throws IOException {
        String line = headerLine();
        Matcher matcher = STATUS_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new HttpFetchException("the server did not answer with HTTP/1.x");
        }
        return Integer.parseInt(matcher.group(1));
    }

    private Map<String, List<String>> headers() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = headerLine(); !line.isEmpty(); line = headerLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                // Also refuses folded continuation lines, which start with white space.
                throw new HttpFetchException("the response has a malformed header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, key -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        return headers;
    }

    private byte[] body(Map<String, List<String>> headers) throws IOException {
        List<String> codings = headers.get("transfer-encoding");
        if (codings != null) {
            List<String> all = codings.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip).toList();
            // Any other final coding leaves the end of the body to the end of the connection (RFC 9112, 6.3).
            return "chunked".equalsIgnoreCase(all.getLast()) ? chunked() : untilClose();
        }
        long length = contentLength(headers.get("content-length"));
        return length < 0 ? untilClose() : exactly(length);
    }

    /** The declared length, -1 when there is none; differing or unreadable values fail the fetch. */
    private static long contentLength(List<String> values) {
        if (values == null) {
            return -1;
        }
        List<String> all = values.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
                .distinct().toList();
        String only = all.getFirst();
        if (all.size() != 1 || only.isEmpty() || only.length() > 18 || !only.chars().allMatch(Character::isDigit)) {
            throw new HttpFetchException("the response has an invalid Content-Length");
        }
        return Long.parseLong(only);
    }

    private byte[] exactly(long length) throws IOException {
        if (length > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new HttpFetchException("the connection closed after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    private byte[] untilClose() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8_192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (body.size() + (long) n > maxBodyBytes) {
                throw tooLarge();
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            long size = chunkSize(line(MAX_CHUNK_LINE, "a chunk size line", "a chunk size line is too long"));
            if (size == 0) {
                while (!headerLine().isEmpty()) {
                    // trailer fields are read and dropped; they count against the header limit
                }
                return body.toByteArray();
            }
            if (body.size() + size > maxBodyBytes) {
                throw tooLarge();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new HttpFetchException("the connection closed in the middle of a chunk");
            }
            body.write(chunk);
            if (!line(2, "the end of a chunk", "a chunk is longer than its declared size").isEmpty()) {
                throw new HttpFetchException("a chunk is longer than its declared size");
            }
        }
    }

    private static long chunkSize(String line) {
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            throw new HttpFetchException("the response has a malformed chunk size");
        }
        return Long.parseLong(hex, 16);
    }

    private HttpFetchException tooLarge() {
        return new HttpFetchException("the response body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    /** A line of the head, charged to the header budget. */
    private String headerLine() throws IOException {
        String line = line(headerBytesLeft, "the response headers",
                "the response headers are larger than the limit of " + maxHeaderBytes + " bytes");
        headerBytesLeft -= line.length() + 2;
        return line;
    }

    /** A line up to LF (a CR before it dropped), of at most {@code limit} bytes; Latin-1, as HTTP headers are. */
    private String line(int limit, String what, String tooLong) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new HttpFetchException("the connection closed in the middle of " + what);
            }
            if (line.size() >= limit) {
                throw new HttpFetchException(tooLong);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
