package com.agentplatform.worker.tool.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An http or https URL as this client understands it, checked for shape (not yet for where it leads): no
 * credentials, a valid host, a port in range. The fragment is dropped; path and query are kept raw and ASCII so they
 * can go on the request line as they are.
 *
 * @param query the raw query without {@code ?}, or {@code null} when there is none
 */
record HttpUrl(String scheme, HttpHost host, int port, String path, String query) {

    private static final int MAX_LENGTH = 8_000;

    /** Reads an absolute URL; {@link RefusedUrlException} says what is wrong with one that cannot be fetched. */
    static HttpUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RefusedUrlException("no URL was given");
        }
        if (text.length() > MAX_LENGTH) {
            throw new RefusedUrlException("the URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri = uri(text.strip());
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new RefusedUrlException(scheme == null ? "the URL has no scheme; only http and https are fetched"
                    : "only http and https URLs are fetched, not " + scheme + ":");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw new RefusedUrlException("the URL has no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new RefusedUrlException("URLs with credentials (user:password@) are not fetched");
        }
        int hostEnd = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
        if (hostEnd <= 0) {
            hostEnd = authority.startsWith("[") ? 0 : authority.length();
        }
        HttpHost host = HttpHost.parse(authority.substring(0, hostEnd));
        int port = port(authority.substring(hostEnd), "https".equals(scheme) ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : ascii(uri.getRawPath());
        return new HttpUrl(scheme, host, port, path, uri.getRawQuery() == null ? null : ascii(uri.getRawQuery()));
    }

    /**
     * The URL a redirect's {@code Location} leads to, by RFC 3986 reference resolution (the JDK's {@link URI#resolve}
     * follows the older RFC 2396 and gets {@code ?query} and leftover {@code ..} wrong).
     */
    HttpUrl resolve(String reference) {
        URI ref = uri(reference.strip());
        if (ref.getScheme() != null) {
            return parse(reference);
        }
        if (ref.getRawAuthority() != null) {
            return parse(scheme + ":" + reference.strip());
        }
        String refPath = ref.getRawPath() == null ? "" : ref.getRawPath();
        String newPath;
        String newQuery = ref.getRawQuery();
        if (refPath.isEmpty()) {
            newPath = path;
            newQuery = newQuery == null ? query : newQuery;
        } else if (refPath.startsWith("/")) {
            newPath = removeDotSegments(refPath);
        } else {
            newPath = removeDotSegments(path.substring(0, path.lastIndexOf('/') + 1) + refPath);
        }
        return parse(origin() + newPath + (newQuery == null ? "" : "?" + newQuery));
    }

    boolean isHttps() {
        return "https".equals(scheme);
    }

    boolean sameOrigin(HttpUrl other) {
        return scheme.equals(other.scheme) && host.name().equals(other.host.name()) && port == other.port;
    }

    /** The {@code Host} header: the port only when it is not the scheme's default. */
    String authority() {
        return host.forUrl() + (port == (isHttps() ? 443 : 80) ? "" : ":" + port);
    }

    /** What goes on the request line: path and query. */
    String target() {
        return query == null ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        return origin() + target();
    }

    private String origin() {
        return scheme + "://" + authority();
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    private static int port(String text, int defaultPort) {
        if (text.isEmpty() || text.equals(":")) {
            return defaultPort;
        }
        String digits = text.substring(1);
        if (!text.startsWith(":") || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RefusedUrlException("the URL has an invalid port");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65_535) {
            throw new RefusedUrlException("port " + port + " is out of range");
        }
        return port;
    }

    /** Percent-encodes the non-ASCII characters {@link URI} lets through, so the request line is plain ASCII. */
    private static String ascii(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> {
            if (c < 0x80) {
                out.append((char) c);
            } else {
                for (byte b : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            }
        });
        return out.toString();
    }

    private static String removeDotSegments(String path) {
        String[] segments = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !out.isEmpty()) {
                    out.removeLast();
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segment);
            }
        }
        return "/" + String.join("/", out);
    }
}
