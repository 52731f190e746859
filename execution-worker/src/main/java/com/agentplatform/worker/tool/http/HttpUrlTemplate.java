package com.agentplatform.worker.tool.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a tenant tool's URL template such as {@code https://api.example.com/users/{id}?q={q}} from the model's
 * arguments. Every value is percent-encoded down to the unreserved characters, so it stays inside its own path
 * segment or query value: it cannot add a segment, a query parameter, a fragment, credentials or another host.
 * Placeholders are only allowed after the host, and a value cannot be the dot segment {@code .} or {@code ..}.
 */
final class HttpUrlTemplate {

    /** The same placeholder syntax the gateway accepts when a tool is defined. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpUrlTemplate() {
    }

    /** The URL, and the names of the arguments it used. */
    record Rendered(String url, Set<String> used) {
    }

    /** @throws IllegalArgumentException for a placeholder in the host or without a value, or a dot-segment value */
    static Rendered render(String template, Map<String, String> values) {
        int pathStart = pathStart(template);
        int queryStart = template.indexOf('?', pathStart);
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder(template.length() + 32);
        Set<String> used = new LinkedHashSet<>();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (placeholder.start() < pathStart) {
                throw new IllegalArgumentException("the URL template has {" + name + "} in its host;"
                        + " only the path and query may hold placeholders");
            }
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("argument '" + name + "' (a string, number or boolean) is required");
            }
            boolean inPath = queryStart < 0 || placeholder.start() < queryStart;
            if (inPath && (value.equals(".") || value.equals(".."))) {
                throw new IllegalArgumentException("argument '" + name + "' cannot be '" + value + "'");
            }
            placeholder.appendReplacement(url, Matcher.quoteReplacement(encode(value, inPath)));
            used.add(name);
        }
        placeholder.appendTail(url);
        return new Rendered(url.toString(), used);
    }

    /**
     * UTF-8 percent-encoding of all but letters, digits, {@code -}, {@code _}, {@code ~}, and {@code .} outside the
     * path: in a path an encoded dot keeps servers that decode before normalising from seeing {@code ..}.
     */
    static String encode(String value, boolean inPath) {
        StringBuilder out = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '~' || c == '.' && !inPath;
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** Where the authority ends: the first {@code /}, {@code ?} or {@code #} after {@code scheme://}. */
    private static int pathStart(String template) {
        int scheme = template.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("the URL template is not an absolute http or https URL");
        }
        for (int i = scheme + 3; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return template.length();
    }
}
