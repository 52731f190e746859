package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Answers written byte for byte, including the malformed ones no well-behaved test server would send. */
class HttpResponseReaderTest {

    @Test
    void readsABodyOfTheDeclaredLengthAndNoMore() throws IOException {
        HttpResponseReader.Response response = read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nX-A: 2\r\n\r\nhello, and more");

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("hello");
        assertThat(response.headers().get("x-a")).containsExactly("1", "2");
    }

    @Test
    void readsChunksWithExtensionsAndDropsTheTrailers() throws IOException {
        HttpResponseReader.Response response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(body(response)).isEqualTo("hello, world");
    }

    @Test
    void readsToTheEndOfTheConnectionWhenNoLengthIsGiven() throws IOException {
        assertThat(body(read("HTTP/1.0 200 OK\nContent-Type: text/plain\n\nuntil the end"))).isEqualTo("until the end");
    }

    @Test
    void skipsInterimAnswersToTheRealOne() throws IOException {
        HttpResponseReader.Response response = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void readsNoBodyForAHeadRequest() throws IOException {
        HttpResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", 32_768, 100);

        assertThat(reader.read(true).body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SSH-2.0-OpenSSH_9.6\r\n",
            "HTTP/2 200\r\n\r\n",
            "HTTP/1.1 200 OK\r\n folded: header\r\n\r\n",
            "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello world\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
            ""})
    void refusesAMalformedOrTruncatedAnswer(String answer) {
        assertThatThrownBy(() -> read(answer)).isInstanceOf(HttpFetchException.class);
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReadingIt() {
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n", 32_768, 1_000).read(false))
                .hasMessage("the response body is larger than the limit of 1000 bytes");
    }

    @Test
    void refusesChunksThatAddUpToMoreThanTheLimit() {
        String chunks = "200\r\n" + "x".repeat(512) + "\r\n";
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + chunks + "0\r\n\r\n";

        assertThatThrownBy(() -> reader(answer, 32_768, 1_000).read(false))
                .hasMessage("the response body is larger than the limit of 1000 bytes");
    }

    @Test
    void refusesAnEndlessHeaderLine() {
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nX: " + "a".repeat(5_000), 2_048, 1_000).read(false))
                .hasMessage("the response headers are larger than the limit of 2048 bytes");
    }

    private static HttpResponseReader.Response read(String answer) throws IOException {
        return reader(answer, 32_768, 1 << 20).read(false);
    }

    private static HttpResponseReader reader(String answer, int maxHeaderBytes, long maxBodyBytes) {
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        return new HttpResponseReader(new BufferedInputStream(new ByteArrayInputStream(bytes)), maxHeaderBytes, maxBodyBytes);
    }

    private static String body(HttpResponseReader.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
