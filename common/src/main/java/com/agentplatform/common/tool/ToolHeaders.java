package com.agentplatform.common.tool;

import com.agentplatform.common.id.TenantId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for the headers a tenant's {@code http} tool sends: which are secret (encrypted at rest, masked on
 * read), which names and values are valid, and where a sealed secret belongs. The gateway applies them when a tool
 * is written; the worker opens the sealed values when it runs the tool.
 */
public final class ToolHeaders {

    /** What a secret header's value reads as in the API. */
    public static final String MASK = "****";
    public static final int MAX_HEADERS = 32;
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_VALUE_LENGTH = 8_192;

    /** Substrings that make a header name secret, whatever its case. */
    private static final List<String> SECRET_PARTS = List.of("auth", "token", "key", "secret", "password", "cookie",
            "credential", "session");
    /** Headers that frame the message: the HTTP client sets them itself. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect", "accept-encoding");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");

    private ToolHeaders() {
    }

    /** {@code Authorization} and {@code Proxy-Authorization}, and any name holding {@code token}, {@code key}, {@code secret}… */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_PARTS.stream().anyMatch(lower::contains);
    }

    /** What is wrong with a header name, if anything. */
    public static Optional<String> problemWithName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !TOKEN.matcher(name).matches()) {
            return Optional.of("is not a valid header name (1-" + MAX_NAME_LENGTH + " letters, digits and !#$%&'*+-.^_`|~)");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("is set by the platform's HTTP client itself");
        }
        return Optional.empty();
    }

    /** What is wrong with a header value, if anything. */
    public static Optional<String> problemWithValue(String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            // A CR or LF would end the header and start another, or a request of its own.
            return Optional.of("must not contain CR or LF");
        }
        if (value.length() > MAX_VALUE_LENGTH || !VALUE.matcher(value).matches()) {
            return Optional.of("must be at most " + MAX_VALUE_LENGTH + " printable ASCII characters");
        }
        if (value.startsWith("enc:")) {
            return Optional.of("must not start with 'enc:' (it marks encrypted secrets)");
        }
        return Optional.empty();
    }

    /**
     * Where a sealed header value belongs, authenticated with it: a value copied to another tenant, tool or header
     * does not open. Header names are compared without case, as HTTP does.
     */
    public static String secretContext(TenantId tenant, String tool, String header) {
        return "tool-header:" + tenant.value() + ":" + tool + ":" + header.toLowerCase(Locale.ROOT);
    }
}
