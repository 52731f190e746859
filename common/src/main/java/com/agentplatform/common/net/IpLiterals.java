package com.agentplatform.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads IP address literals the way browsers and curl do, never through a DNS lookup.
 *
 * <p>The JDK reads {@code 0177.0.0.1} as 177.0.0.1 and does not accept {@code 0x7f.1} at all, while a browser or
 * curl (and so an attacker's test) reads both as 127.0.0.1. Host names are therefore judged by this parser, which
 * follows the WHATWG URL standard: parts in decimal, octal ({@code 0} prefix) or hex ({@code 0x} prefix), and the
 * short forms {@code a}, {@code a.b}, {@code a.b.c} where the last part fills the remaining bytes.
 */
public final class IpLiterals {

    private static final long[] LAST_PART_LIMIT = {0, 1L << 32, 1L << 24, 1L << 16, 1L << 8};

    private IpLiterals() {
    }

    /**
     * The IPv4 address a host name stands for, empty when it is a domain name.
     *
     * @param host lower-case ASCII, without a trailing dot
     * @throws IllegalArgumentException when the host ends in a number but is no valid address ({@code 1.2.3.4.5},
     *                                  {@code 256.1.1.1}); a browser refuses those too
     */
    public static Optional<byte[]> ipv4(String host) {
        List<String> parts = Arrays.asList(host.split("\\.", -1));
        if (!isNumber(parts.getLast())) {
            return Optional.empty();
        }
        if (parts.size() > 4) {
            throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
        }
        List<Long> numbers = new ArrayList<>();
        for (String part : parts) {
            long number = number(part);
            if (number < 0) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
            }
            numbers.add(number);
        }
        return Optional.of(pack(host, numbers));
    }

    /**
     * An IPv6 literal (no brackets, no zone id) as an address; the JDK parses literals without a lookup once the text
     * can only be a literal. IPv4-mapped literals come back as {@link java.net.Inet4Address}.
     */
    public static InetAddress ipv6(String text) {
        // The JDK only treats text as a literal (and never looks it up) when it starts with a hex digit or ':'.
        if (text.isEmpty() || text.indexOf(':') < 0 || text.charAt(0) == '.'
                || !text.chars().allMatch(IpLiterals::isIpv6Char)) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IPv6 address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IPv6 address");
        }
    }

    /** An IPv4 or IPv6 literal as written in configuration, empty when the text is a host name. */
    public static Optional<InetAddress> literal(String text) {
        if (text.indexOf(':') >= 0) {
            return Optional.of(ipv6(text));
        }
        return ipv4(text).map(IpLiterals::address);
    }

    public static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
        }
    }

    private static boolean isNumber(String part) {
        if (part.isEmpty()) {
            return false;
        }
        return part.chars().allMatch(c -> c >= '0' && c <= '9') || number(part) >= 0;
    }

    /** The part's value, or -1 when it is not a number in any of the three bases (or absurdly large). */
    private static long number(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (part.isEmpty() || digits.length() > 32) {
            return -1;
        }
        long value = 0;
        for (char c : digits.toCharArray()) {
            int digit = Character.digit(c, radix);
            if (digit < 0 || c > 'f') {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xFFFF_FFFFL) {
                return Long.MAX_VALUE; // stays a number, and too large for any part
            }
        }
        return value;
    }

    private static byte[] pack(String host, List<Long> numbers) {
        int count = numbers.size();
        long last = numbers.getLast();
        if (last >= LAST_PART_LIMIT[count] || numbers.subList(0, count - 1).stream().anyMatch(n -> n > 255)) {
            throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
        }
        long value = last;
        for (int i = 0; i < count - 1; i++) {
            value += numbers.get(i) << (8 * (3 - i));
        }
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static boolean isIpv6Char(int c) {
        return c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
