package com.agentplatform.common.net;

import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which hosts and addresses a tool may contact: only the public internet. Loopback, private, link-local
 * (with the cloud metadata address 169.254.169.254), multicast, carrier-grade NAT, reserved, documentation and
 * benchmark ranges are refused, and so is every IPv6 form that carries such an IPv4 address inside it (mapped,
 * compatible, NAT64, 6to4). Well-known metadata and local host names are refused by name before any lookup.
 *
 * <p>An allow-list of address blocks ({@code 10.20.0.0/16}, {@code ::1}) and host names ({@code billing.internal})
 * overrides the refusals, for an operator who means the workers to reach an internal service. A host name on the
 * list is trusted whatever it resolves to.
 */
public final class AddressPolicy {

    private static final List<Range> REFUSED = List.of(
            range("255.255.255.255/32", "the broadcast address"),
            range("0.0.0.0/8", "a 'this network' address (0.0.0.0/8)"),
            range("10.0.0.0/8", "a private address"),
            range("100.64.0.0/10", "a carrier-grade NAT address"),
            range("127.0.0.0/8", "a loopback address"),
            range("169.254.0.0/16", "a link-local address (where cloud metadata services live)"),
            range("172.16.0.0/12", "a private address"),
            range("192.0.0.0/24", "an IETF protocol assignment address"),
            range("192.0.2.0/24", "a documentation address"),
            range("192.88.99.0/24", "a 6to4 relay address"),
            range("192.168.0.0/16", "a private address"),
            range("198.18.0.0/15", "a benchmarking address"),
            range("198.51.100.0/24", "a documentation address"),
            range("203.0.113.0/24", "a documentation address"),
            range("224.0.0.0/4", "a multicast address"),
            range("240.0.0.0/4", "a reserved address"),
            range("::/128", "the unspecified address"),
            range("::1/128", "a loopback address"),
            // Mapped addresses are read as their IPv4 address before this table; what is left here is
            // deprecated forms that only exist to reach IPv4 hosts in odd ways.
            range("::/96", "an IPv4-compatible IPv6 address"),
            range("::ffff:0:0:0/96", "an IPv4-translated IPv6 address"),
            range("64:ff9b:1::/48", "a local-use NAT64 address"),
            range("100::/64", "a discard-only address"),
            range("2001::/32", "a Teredo tunnel address"),
            range("2001:2::/48", "a benchmarking address"),
            range("2001:db8::/32", "a documentation address"),
            range("3fff::/20", "a documentation address"),
            range("fc00::/7", "a unique local (private) address"),
            range("fe80::/10", "a link-local address"),
            range("fec0::/10", "a site-local address"),
            range("ff00::/8", "a multicast address"));

    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "metadata.tencentyun.com", "metadata.packet.net",
            "metadata.platformequinix.com");
    private static final List<String> LOCAL_DOMAINS = List.of("localhost", "localdomain", "local", "internal",
            "home.arpa");

    private final List<Cidr> allowedBlocks = new ArrayList<>();
    private final Set<String> allowedHosts = new HashSet<>();

    /**
     * @param allowList address blocks, single addresses and host names that may be contacted even though they would
     *                  be refused; {@link IllegalArgumentException} for an entry that is none of these
     */
    public AddressPolicy(Collection<String> allowList) {
        for (String entry : allowList) {
            String text = entry.strip().toLowerCase(Locale.ROOT);
            if (text.indexOf('/') >= 0 || IpLiterals.literal(text).isPresent()) {
                allowedBlocks.add(Cidr.parse(text));
            } else {
                allowedHosts.add(normalise(text));
            }
        }
    }

    /** The policy with an empty allow-list: the public internet only. */
    public static AddressPolicy strict() {
        return new AddressPolicy(List.of());
    }

    /** Why a host name must not be contacted whatever it resolves to, or empty when it may be looked up. */
    public Optional<String> refusalOfHost(String hostName) {
        String name = normalise(hostName);
        if (allowedHosts.contains(name)) {
            return Optional.empty();
        }
        if (METADATA_HOSTS.contains(name)) {
            return Optional.of("'" + name + "' is a cloud metadata host name");
        }
        for (String domain : LOCAL_DOMAINS) {
            if (name.equals(domain) || name.endsWith("." + domain)) {
                return Optional.of("'" + name + "' is a local or internal host name");
            }
        }
        return Optional.empty();
    }

    /** Why {@code address}, which {@code hostName} resolved to, must not be contacted, or empty when it may be. */
    public Optional<String> refusalOf(String hostName, InetAddress address) {
        return hostName != null && allowedHosts.contains(normalise(hostName)) ? Optional.empty() : refusalOf(address);
    }

    /** Why the address must not be contacted, or empty when it may be. */
    public Optional<String> refusalOf(InetAddress address) {
        byte[] bytes = unmapped(address.getAddress());
        if (allowedBlocks.stream().anyMatch(block -> block.contains(bytes))) {
            return Optional.empty();
        }
        String shown = IpLiterals.address(bytes).getHostAddress();
        return reason(bytes).map(reason -> shown + " is " + reason);
    }

    public boolean permits(InetAddress address) {
        return refusalOf(address).isEmpty();
    }

    private static Optional<String> reason(byte[] bytes) {
        for (Range range : REFUSED) {
            if (range.block().contains(bytes)) {
                return Optional.of(range.reason());
            }
        }
        Optional<byte[]> embedded = embeddedIpv4(bytes);
        if (embedded.isPresent()) {
            String inner = IpLiterals.address(embedded.get()).getHostAddress();
            return reason(embedded.get()).map(reason -> "an address that embeds " + inner + ", " + reason);
        }
        InetAddress address = IpLiterals.address(bytes);
        // The table covers all of these; the JDK's own view is a second opinion should the table ever miss one.
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return Optional.of("a non-public address");
        }
        return Optional.empty();
    }

    /** The IPv4 address a NAT64 or 6to4 address leads to: the gateway in between would connect to it for us. */
    private static Optional<byte[]> embeddedIpv4(byte[] bytes) {
        if (NAT64.contains(bytes)) {
            return Optional.of(Arrays.copyOfRange(bytes, 12, 16));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return Optional.of(Arrays.copyOfRange(bytes, 2, 6));
        }
        return Optional.empty();
    }

    /** {@code ::ffff:a.b.c.d} is how a dual-stack socket reaches a.b.c.d, so it is judged as a.b.c.d. */
    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    private static String normalise(String hostName) {
        String name;
        try {
            name = IDN.toASCII(hostName.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            name = hostName.strip().toLowerCase(Locale.ROOT); // not a valid name: it matches no list entry either
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Range range(String block, String reason) {
        return new Range(Cidr.parse(block), reason);
    }

    private record Range(Cidr block, String reason) {
    }
}
