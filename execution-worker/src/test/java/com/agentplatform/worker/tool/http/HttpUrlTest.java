package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {

    @ParameterizedTest
    @CsvSource({
            "http://2130706433/, 127.0.0.1",
            "http://0177.0.0.1/, 127.0.0.1",
            "http://0x7f.0.0.1/, 127.0.0.1",
            "http://0x7f000001/, 127.0.0.1",
            "http://017700000001/, 127.0.0.1",
            "http://127.000.000.001/, 127.0.0.1",
            "http://127.1/, 127.0.0.1",
            "http://0x7f.1/, 127.0.0.1",
            "http://0/, 0.0.0.0",
            "http://3232235777/, 192.168.1.1",
            "http://0xA9.0xFE.0xA9.0xFE/, 169.254.169.254",
            "http://169.254.169.254./, 169.254.169.254",
            "http://[::ffff:7f00:1]/, 127.0.0.1",
            "http://0x08.0x08.0x08.0x08/, 8.8.8.8",
            "http://134744072/, 8.8.8.8",
    })
    void readsANumericHostAsTheAddressABrowserWouldContact(String url, String address) {
        HttpHost host = HttpUrl.parse(url).host();

        assertThat(host.isLiteral()).isTrue();
        assertThat(host.literal().getHostAddress()).isEqualTo(address);
    }

    @Test
    void readsFullWidthDigitsAndDotsAsTheirAsciiSelves() {
        HttpHost host = HttpUrl.parse("http://\uFF11\uFF12\uFF17\uFF0E\uFF10\uFF0E\uFF10\uFF0E\uFF11/").host();

        assertThat(host.literal().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void normalisesAHostNameToLowerCaseAsciiWithoutTheTrailingDot() {
        assertThat(HttpUrl.parse("http://EXAMPLE.com./a").host().name()).isEqualTo("example.com");
        assertThat(HttpUrl.parse("http://b\u00FCcher.example/").host().name()).isEqualTo("xn--bcher-kva.example");
        assertThat(HttpUrl.parse("http://b\u00FCcher.example/").host().isLiteral()).isFalse();
    }

    @Test
    void keepsPortPathAndQueryAndDropsTheFragment() {
        HttpUrl url = HttpUrl.parse("http://example.com:8080/a/b?q=1&r=%20#frag");

        assertThat(url.port()).isEqualTo(8080);
        assertThat(url.target()).isEqualTo("/a/b?q=1&r=%20");
        assertThat(url.authority()).isEqualTo("example.com:8080");
        assertThat(url).hasToString("http://example.com:8080/a/b?q=1&r=%20");
    }

    @Test
    void defaultsThePortAndPathOfABareHttpsUrl() {
        HttpUrl url = HttpUrl.parse("https://example.com");

        assertThat(url.port()).isEqualTo(443);
        assertThat(url.target()).isEqualTo("/");
        assertThat(url.authority()).isEqualTo("example.com");
    }

    @Test
    void percentEncodesNonAsciiPathAndQuerySoTheRequestLineIsAscii() {
        assertThat(HttpUrl.parse("http://example.com/p\u00E4th?q=\u00E4").target()).isEqualTo("/p%C3%A4th?q=%C3%A4");
    }

    @Test
    void writesAnIpv6HostInBracketsInTheHostHeader() {
        assertThat(HttpUrl.parse("http://[2606:4700::1111]:8080/").authority()).isEqualTo("[2606:4700:0:0:0:0:0:1111]:8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://1.2.3.4.5/", "http://256.0.0.1/", "http://1.2.3.08/", "http://example.com:0/",
            "http://example.com:65536/", "http://example.com:8o/", "http://exa mple.com/", "http://a..b/",
            "http://exa\u0000mple.com/", "http://example.com/\r\nHost: evil", "http://[::1/", "http://[1:2:3]/",
            "http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com/", "http://*.example.com/"})
    void refusesAMalformedUrl(String url) {
        assertThatThrownBy(() -> HttpUrl.parse(url)).isInstanceOf(RefusedUrlException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "g, http://a/b/c/g",
            "./g, http://a/b/c/g",
            "g/, http://a/b/c/g/",
            "/g, http://a/g",
            "//g, http://g/",
            "?y, http://a/b/c/d;p?y",
            "g?y, http://a/b/c/g?y",
            "#s, http://a/b/c/d;p?q",
            "'', http://a/b/c/d;p?q",
            "., http://a/b/c/",
            "../g, http://a/b/g",
            "../.., http://a/",
            "../../../g, http://a/g",
            "/./g, http://a/g",
            "https://other.example/x, https://other.example/x",
    })
    void resolvesARedirectLocationAsRfc3986Says(String location, String expected) {
        assertThat(HttpUrl.parse("http://a/b/c/d;p?q").resolve(location)).hasToString(expected);
    }
}
