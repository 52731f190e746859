package com.agentplatform.common.net;

import java.net.InetAddress;

/** A block of addresses such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record Cidr(byte[] network, int prefixLength) {

    Cidr {
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " is too long for the address");
        }
        network = network.clone();
    }

    /** Reads {@code address/prefix}, or a single address as a block of one. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress literal = IpLiterals.literal(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an address block"));
        byte[] bytes = literal.getAddress();
        if (slash < 0) {
            return new Cidr(bytes, bytes.length * 8);
        }
        try {
            return new Cidr(bytes, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
        }
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = 0xFF << (8 - restBits) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
