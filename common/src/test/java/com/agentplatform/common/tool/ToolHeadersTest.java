package com.agentplatform.common.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "Proxy-Authorization", "X-Api-Key", "X-Auth-Token",
            "api_token", "Client-Secret", "Cookie", "X-Password"})
    void credentialsAreSecret(String name) {
        assertThat(ToolHeaders.isSecret(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "Content-Type", "X-Request-Id", "User-Agent"})
    void ordinaryHeadersAreNot(String name) {
        assertThat(ToolHeaders.isSecret(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Header", "X-Header\r\nEvil", "Ünïcode", "Host", "content-length", "Transfer-Encoding"})
    void invalidOrReservedNamesAreRefused(String name) {
        assertThat(ToolHeaders.problemWithName(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nX-Evil: 1", "a\nb", "a\rb", "caf\u00e9", "tab\u0000nul", "enc:v1:abcd:xyz"})
    void valuesThatCouldBreakTheRequestOrPoseAsSealedAreRefused(String value) {
        assertThat(ToolHeaders.problemWithValue(value)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def", "application/json", "a\tb", ""})
    void printableOneLineValuesAreAccepted(String value) {
        assertThat(ToolHeaders.problemWithValue(value)).isEmpty();
    }
}
