package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.worker.tool.http.TestClients.TableResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Everything here is refused before a lookup or a connection: the client used would fail the test on either. */
class SafeHttpClientRefusalTest {

    private final SafeHttpClient client = TestClients.refusingEverything();

    @ParameterizedTest
    @MethodSource("com.agentplatform.worker.tool.http.HostileUrls#all")
    void refusesAHostileUrlWithoutLookingItUpOrConnecting(String url) {
        assertThatThrownBy(() -> client.get(url))
                .isInstanceOf(RefusedUrlException.class)
                .satisfies(e -> assertThat(((RefusedUrlException) e).reason()).isNotBlank());
    }

    @Test
    void refusesTheMetadataAddressAndSaysWhy() {
        assertThatThrownBy(() -> client.get("http://0xA9.0xFE.0xA9.0xFE/latest/meta-data/"))
                .hasMessage("169.254.169.254 is a link-local address (where cloud metadata services live)");
    }

    @Test
    void refusesAnIpv6FormThatEmbedsALoopbackAddressAndSaysWhich() {
        assertThatThrownBy(() -> client.get("http://[64:ff9b::7f00:1]/"))
                .hasMessageContaining("embeds 127.0.0.1, a loopback address");
    }

    @Test
    void refusesCredentialsAndOtherSchemesWithAReason() {
        assertThatThrownBy(() -> client.get("http://user:pass@example.com/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> client.get("file:///etc/passwd")).hasMessageContaining("not file:");
        assertThatThrownBy(() -> client.get("http://[fe80::1%25eth0]/")).hasMessageContaining("zone id");
    }

    @Test
    void refusesAHostThatResolvesToALoopbackAddress() {
        TableResolver resolver = new TableResolver(Map.of("innocent.test", List.of("127.0.0.1")));
        SafeHttpClient client = TestClients.client(HttpFetchSettings.defaults(), resolver, TestClients.NO_CONNECTION);

        assertThatThrownBy(() -> client.get("http://innocent.test/"))
                .isInstanceOf(RefusedUrlException.class)
                .hasMessage("host 'innocent.test' resolves to a refused address: 127.0.0.1 is a loopback address");
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsRefused() {
        TableResolver resolver = new TableResolver(Map.of("rebind.test", List.of("93.184.216.34", "10.0.0.1")));
        SafeHttpClient client = TestClients.client(HttpFetchSettings.defaults(), resolver, TestClients.NO_CONNECTION);

        assertThatThrownBy(() -> client.get("http://rebind.test/"))
                .isInstanceOf(RefusedUrlException.class)
                .hasMessageContaining("10.0.0.1 is a private address");
    }

    @Test
    void refusesAHostThatResolvesToAMappedMetadataAddress() {
        TableResolver resolver = new TableResolver(Map.of("aaaa.test", List.of("2606:4700::1", "::ffff:169.254.169.254")));
        SafeHttpClient client = TestClients.client(HttpFetchSettings.defaults(), resolver, TestClients.NO_CONNECTION);

        assertThatThrownBy(() -> client.get("https://aaaa.test/")).isInstanceOf(RefusedUrlException.class);
    }

    @Test
    void reportsAHostThatDoesNotResolveAsAFailureNotARefusal() {
        TableResolver resolver = new TableResolver(Map.of());
        SafeHttpClient client = TestClients.client(HttpFetchSettings.defaults(), resolver, TestClients.NO_CONNECTION);

        assertThatThrownBy(() -> client.get("http://nowhere.test/"))
                .isInstanceOf(HttpFetchException.class)
                .hasMessage("host 'nowhere.test' cannot be resolved");
    }

    @Test
    void refusesInvalidRequestHeadersBeforeSendingAnything() {
        assertThatThrownBy(() -> new HttpFetchRequest("GET", "http://example.com/", Map.of("X-A", "v\r\nHost: evil"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFetchRequest("GET", "http://example.com/", Map.of("Host", "evil"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFetchRequest("GET", "http://example.com/", Map.of(), "{}", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFetchRequest("CONNECT", "http://example.com/", Map.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
