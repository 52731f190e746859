package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTemplateTest {

    private static final String TEMPLATE = "https://api.example.com/v1/users/{id}/posts?q={q}&page={page}";

    @Test
    void fillsPlaceholdersAndNamesTheArgumentsItUsed() {
        HttpUrlTemplate.Rendered rendered = HttpUrlTemplate.render(TEMPLATE, Map.of("id", "42", "q", "cats", "page", "2", "extra", "x"));

        assertThat(rendered.url()).isEqualTo("https://api.example.com/v1/users/42/posts?q=cats&page=2");
        assertThat(rendered.used()).containsExactly("id", "q", "page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "../../admin", "x?admin=1", "x#frag", "evil.com@other", "with space", "caf\u00E9",
            "\u65E5\u672C", "%2e%2e%2f", "a&b=c", "..", ".", "\\..\\..", "@evil.example:80/", "\r\nHost: evil",
            "//evil.example/", "a;b=c", "x+y"})
    void keepsEveryValueInsideItsOwnSegmentOrQueryValue(String value) {
        String id = value.equals(".") || value.equals("..") ? "id-" + value : value; // bare dot segments are refused
        String url = HttpUrlTemplate.render(TEMPLATE, Map.of("id", id, "q", value, "page", value)).url();
        HttpUrl parsed = HttpUrl.parse(url);

        assertThat(parsed.host().name()).isEqualTo("api.example.com");
        assertThat(parsed.port()).isEqualTo(443);
        assertThat(parsed.path()).startsWith("/v1/users/").endsWith("/posts");
        assertThat(parsed.path().split("/")).hasSize(5);
        assertThat(parsed.query()).startsWith("q=").contains("&page=");
        assertThat(parsed.query().split("&")).hasSize(2);
        assertThat(parsed.query().split("=")).hasSize(3);
        assertThat(parsed.path()).doesNotContain("..");
        assertThat(url).doesNotContain("#", "@", " ", "\\", "\r", "\n");
    }

    @Test
    void percentEncodesUtf8AndReservedCharacters() {
        assertThat(HttpUrlTemplate.encode("a/b c?d#e@f&g=h", false)).isEqualTo("a%2Fb%20c%3Fd%23e%40f%26g%3Dh");
        assertThat(HttpUrlTemplate.encode("caf\u00E9 \u65E5", false)).isEqualTo("caf%C3%A9%20%E6%97%A5");
        assertThat(HttpUrlTemplate.encode("A-z_0~9.txt", false)).isEqualTo("A-z_0~9.txt");
    }

    @Test
    void encodesDotsInThePathSoNoServerCanReadThemAsDotSegments() {
        String url = HttpUrlTemplate.render("https://api.example.com/files/{name}", Map.of("name", "../etc/passwd")).url();

        assertThat(url).isEqualTo("https://api.example.com/files/%2E%2E%2Fetc%2Fpasswd");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void refusesADotSegmentAsAPathValue(String value) {
        assertThatThrownBy(() -> HttpUrlTemplate.render("https://api.example.com/files/{name}", Map.of("name", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 'name' cannot be '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://{host}/x", "https://{host}", "https://api.{zone}.example.com/x",
            "https://api.example.com:{port}/x", "https://{user}@api.example.com/x"})
    void refusesAPlaceholderBeforeThePath(String template) {
        assertThatThrownBy(() -> HttpUrlTemplate.render(template, Map.of("host", "evil.example", "zone", "z",
                "port", "22", "user", "u")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only the path and query may hold placeholders");
    }

    @Test
    void asksForAMissingArgument() {
        assertThatThrownBy(() -> HttpUrlTemplate.render(TEMPLATE, Map.of("id", "1", "q", "x")))
                .hasMessage("argument 'page' (a string, number or boolean) is required");
    }
}
