package com.agentplatform.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    private final AddressPolicy strict = AddressPolicy.strict();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255",
            "100.100.100.200", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1",
            "198.19.255.255", "192.0.2.10", "198.51.100.7", "203.0.113.99", "192.0.0.8", "192.88.99.1",
            "::1", "::", "fd00::1", "fc00::1", "fd00:ec2::254", "fe80::1", "febf::1", "fec0::1", "ff02::1",
            "ff05::1:3", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::8.8.8.8",
            "::ffff:0:7f00:1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::c0a8:101", "64:ff9b:1::1",
            "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::", "2001:db8::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "100::1", "3fff::1"})
    void refusesAnAddressOutsideThePublicInternet(String literal) {
        assertThat(strict.refusalOf(address(literal))).isPresent();
        assertThat(strict.permits(address(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.167.255.255", "198.17.255.255", "198.20.0.0", "223.255.255.255", "2606:4700:4700::1111",
            "2a00:1450:4001:82a::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void permitsAPublicAddress(String literal) {
        assertThat(strict.refusalOf(address(literal))).isEmpty();
    }

    @Test
    void saysWhyAnAddressIsRefused() {
        assertThat(strict.refusalOf(address("10.1.2.3"))).contains("10.1.2.3 is a private address");
        assertThat(strict.refusalOf(address("169.254.169.254"))).hasValueSatisfying(reason -> assertThat(reason).contains("metadata"));
        assertThat(strict.refusalOf(address("2002:a9fe:a9fe::")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("embeds 169.254.169.254"));
    }

    @Test
    void judgesAMappedIpv6AddressByItsIpv4AddressEvenWhenItStaysIpv6() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1};
        Inet6Address address = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(strict.refusalOf(address)).contains("127.0.0.1 is a loopback address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "localhost", "LocalHost.", "api.localhost",
            "localhost.localdomain", "printer.local", "db.internal", "router.home.arpa"})
    void refusesMetadataAndLocalHostNamesBeforeTheyAreLookedUp(String name) {
        assertThat(strict.refusalOfHost(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "internal.example.com", "localhost.example.com", "metadata.example.org"})
    void letsOrdinaryHostNamesBeLookedUp(String name) {
        assertThat(strict.refusalOfHost(name)).isEmpty();
    }

    @Test
    void letsAnAllowListedBlockThroughAndNothingBesideIt() {
        AddressPolicy policy = new AddressPolicy(List.of("10.20.0.0/16", "127.0.0.1", "::1/128"));

        assertThat(policy.permits(address("10.20.3.4"))).isTrue();
        assertThat(policy.permits(address("10.21.0.1"))).isFalse();
        assertThat(policy.permits(address("127.0.0.1"))).isTrue();
        assertThat(policy.permits(address("127.0.0.2"))).isFalse();
        assertThat(policy.permits(address("::1"))).isTrue();
        assertThat(policy.permits(address("169.254.169.254"))).isFalse();
    }

    @Test
    void trustsAnAllowListedHostNameWhateverItResolvesTo() {
        AddressPolicy policy = new AddressPolicy(List.of("Billing.Internal"));

        assertThat(policy.refusalOfHost("billing.internal.")).isEmpty();
        assertThat(policy.refusalOf("billing.internal", address("10.9.9.9"))).isEmpty();
        assertThat(policy.refusalOfHost("other.internal")).isPresent();
        assertThat(policy.refusalOf("other.example", address("10.9.9.9"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "not a host/8", "1.2.3.4.5", "10.0.0.0/x"})
    void refusesAnAllowListEntryItCannotRead(String entry) {
        assertThatThrownBy(() -> new AddressPolicy(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Literals only: the JDK parses them without a lookup. */
    private static InetAddress address(String literal) {
        return IpLiterals.literal(literal).orElseThrow();
    }
}
