package com.agentplatform.worker.tool.http;

import com.agentplatform.common.net.IpLiterals;
import java.net.IDN;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host of a URL, normalised once so that every later check and the connection agree on it: ASCII (IDN
 * converted), lower case, no trailing dot, and numeric forms ({@code 2130706433}, {@code 0x7f.1}, {@code [::1]})
 * turned into the address they stand for.
 *
 * @param name    the host as sent in {@code Host} and SNI; an address in its usual text form for literals
 * @param literal the address when the URL names one directly, {@code null} for a domain name
 */
record HttpHost(String name, InetAddress literal) {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_-]{1,63}(\\.[a-z0-9_-]{1,63})*");
    private static final int MAX_DOMAIN_LENGTH = 253;

    /** Reads the host part of an authority: {@code example.com}, {@code 0177.1}, {@code [2001:db8::1]}. */
    static HttpHost parse(String raw) {
        if (raw.isEmpty()) {
            throw new RefusedUrlException("the URL has no host");
        }
        if (raw.startsWith("[")) {
            return ipv6(raw);
        }
        if (raw.indexOf('%') >= 0) {
            throw new RefusedUrlException("percent-encoded host names are not accepted");
        }
        // Names are made ASCII before they are read as numbers, so full-width digits count as digits.
        String ascii = domain(raw);
        Optional<byte[]> ipv4;
        try {
            ipv4 = IpLiterals.ipv4(ascii);
        } catch (IllegalArgumentException e) {
            throw new RefusedUrlException(e.getMessage());
        }
        return ipv4.map(bytes -> literal(IpLiterals.address(bytes))).orElseGet(() -> new HttpHost(ascii, null));
    }

    /** ASCII, lower case, without the trailing dot; IDN also folds look-alikes such as full-width digits and dots. */
    private static String domain(String raw) {
        String ascii;
        try {
            ascii = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new RefusedUrlException("'" + raw + "' is not a valid host name");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.length() > MAX_DOMAIN_LENGTH || !DOMAIN.matcher(ascii).matches()) {
            throw new RefusedUrlException("'" + raw + "' is not a valid host name");
        }
        return ascii;
    }

    boolean isLiteral() {
        return literal != null;
    }

    /** The host as written in a URL or {@code Host} header: IPv6 addresses in brackets. */
    String forUrl() {
        return name.indexOf(':') >= 0 ? "[" + name + "]" : name;
    }

    private static HttpHost ipv6(String raw) {
        if (!raw.endsWith("]")) {
            throw new RefusedUrlException("'" + raw + "' is not a valid host");
        }
        String inside = raw.substring(1, raw.length() - 1);
        if (inside.indexOf('%') >= 0) {
            // Zone ids only mean something for link-local addresses, which are refused anyway.
            throw new RefusedUrlException("IPv6 zone ids are not accepted");
        }
        try {
            return literal(IpLiterals.ipv6(inside));
        } catch (IllegalArgumentException e) {
            throw new RefusedUrlException(e.getMessage());
        }
    }

    private static HttpHost literal(InetAddress address) {
        return new HttpHost(address.getHostAddress(), address);
    }
}
