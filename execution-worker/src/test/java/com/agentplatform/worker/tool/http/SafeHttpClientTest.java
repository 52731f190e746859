package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.redirect;
import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.worker.tool.http.TestClients.RecordingDialer;
import com.agentplatform.worker.tool.http.TestClients.TableResolver;
import com.sun.net.httpserver.Headers;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a harmless server on 127.0.0.1, which the allow-list opens for these tests only. */
class SafeHttpClientTest {

    private static final HttpFetchSettings LOCAL = HttpFetchSettings.defaults().withAllowList("127.0.0.1/32");

    private final LocalServer server = LocalServer.start();
    private final RecordingDialer dialer = new RecordingDialer();
    private final SafeHttpClient client = TestClients.client(LOCAL, TestClients.NO_LOOKUP, dialer);

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void fetchesABodyFromAnAllowedServer() {
        AtomicReference<Headers> seen = new AtomicReference<>();
        server.on("/hello", exchange -> {
            seen.set(exchange.getRequestHeaders());
            respond(exchange, 200, "text/plain; charset=utf-8", "hello, w\u00F6rld");
        });

        HttpFetchResult result = client.get(server.url("/hello"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("hello, w\u00F6rld");
        assertThat(result.header("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(result.finalUrl()).isEqualTo(server.url("/hello"));
        assertThat(seen.get().getFirst("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(seen.get().getFirst("User-Agent")).isEqualTo(HttpRequestWriter.USER_AGENT);
        assertThat(seen.get().getFirst("Connection")).isEqualTo("close");
    }

    @Test
    void postsAJsonBodyWithTheCallersHeaders() {
        server.on("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(exchange, 201, "text/plain", exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("X-Api-Key") + " " + body);
        });

        HttpFetchResult result = client.fetch(new HttpFetchRequest("POST", server.url("/echo"),
                Map.of("X-Api-Key", "secret"), "{\"city\":\"Z\u00FCrich\"}", null));

        assertThat(result.status()).isEqualTo(201);
        assertThat(result.body()).isEqualTo("POST application/json; charset=utf-8 secret {\"city\":\"Z\u00FCrich\"}");
    }

    @Test
    void readsAChunkedBody() {
        server.on("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // length 0: the server sends chunks
            try (OutputStream out = exchange.getResponseBody()) {
                for (String part : List.of("first part, ", "second part, ", "last part")) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });

        HttpFetchResult result = client.get(server.url("/chunked"));

        assertThat(result.header("Transfer-Encoding")).contains("chunked");
        assertThat(result.body()).isEqualTo("first part, second part, last part");
    }

    @Test
    void decodesTheBodyByTheCharsetItDeclares() {
        server.on("/latin1", exchange -> {
            byte[] body = "caf\u00E9".getBytes(StandardCharsets.ISO_8859_1);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        assertThat(client.get(server.url("/latin1")).body()).isEqualTo("caf\u00E9");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void refusesABodyOverTheLimitInsteadOfCuttingIt(boolean chunked) {
        server.on("/big", exchange -> {
            byte[] body = "x".repeat(5_000).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        SafeHttpClient small = TestClients.client(LOCAL.withMaxBodyBytes(1_000), TestClients.NO_LOOKUP, dialer);

        assertThatThrownBy(() -> small.get(server.url("/big")))
                .isInstanceOf(HttpFetchException.class)
                .hasMessage("the response body is larger than the limit of 1000 bytes");
    }

    @Test
    void refusesHeadersOverTheLimit() {
        server.on("/fat-headers", exchange -> {
            exchange.getResponseHeaders().set("X-Padding", "p".repeat(40_000));
            respond(exchange, 200, "text/plain", "ok");
        });

        assertThatThrownBy(() -> client.get(server.url("/fat-headers")))
                .isInstanceOf(HttpFetchException.class)
                .hasMessage("the response headers are larger than the limit of 32768 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
            "http://0x7f.0.0.2:22/", "http://metadata.google.internal/", "file:///etc/passwd", "http://192.168.0.1/"})
    void refusesARedirectToARefusedAddress(String location) {
        server.on("/jump", exchange -> redirect(exchange, 302, location));

        assertThatThrownBy(() -> client.get(server.url("/jump"))).isInstanceOf(RefusedUrlException.class);
        assertThat(dialer.dialled).containsExactly(new InetSocketAddress("127.0.0.1", server.port()));
    }

    @Test
    void followsARedirectToAnotherPathOnTheSameServer() {
        server.on("/old", exchange -> redirect(exchange, 301, "/moved/here?x=1"));
        server.on("/moved/here", exchange -> redirect(exchange, 307, "../final"));
        server.on("/final", exchange -> respond(exchange, 200, "text/plain", "arrived"));

        HttpFetchResult result = client.get(server.url("/old"));

        assertThat(result.body()).isEqualTo("arrived");
        assertThat(result.finalUrl()).isEqualTo(server.url("/final"));
        assertThat(dialer.dialled).hasSize(3);
    }

    @Test
    void turnsAPostIntoAGetWithoutBodyAfterA303() {
        server.on("/form", exchange -> redirect(exchange, 303, "/result"));
        server.on("/result", exchange -> respond(exchange, 200, "text/plain", exchange.getRequestMethod()
                + " " + exchange.getRequestBody().readAllBytes().length));

        HttpFetchResult result = client.fetch(new HttpFetchRequest("POST", server.url("/form"), Map.of(), "{\"a\":1}", null));

        assertThat(result.body()).isEqualTo("GET 0");
    }

    @Test
    void givesUpAfterTooManyRedirects() {
        server.on("/loop", exchange -> redirect(exchange, 302, "/loop"));

        assertThatThrownBy(() -> client.get(server.url("/loop")))
                .isInstanceOf(HttpFetchException.class)
                .hasMessage("more than 3 redirects");
        assertThat(dialer.dialled).hasSize(4);
    }

    @Test
    void keepsTheCallersHeadersFromAnotherOriginItIsRedirectedTo() {
        AtomicReference<String> keySeenElsewhere = new AtomicReference<>("not asked");
        try (LocalServer other = LocalServer.start()) {
            other.on("/", exchange -> {
                keySeenElsewhere.set(String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key")));
                respond(exchange, 200, "text/plain", "other");
            });
            server.on("/away", exchange -> redirect(exchange, 302, other.url("/")));

            client.fetch(new HttpFetchRequest("GET", server.url("/away"), Map.of("X-Api-Key", "secret"), null, null));
        }

        assertThat(keySeenElsewhere.get()).isEqualTo("null");
    }

    @Test
    void stopsWaitingAtTheDeadline() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/silent", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        SafeHttpClient impatient = TestClients.client(LOCAL.withTotalTimeout(Duration.ofMillis(300)), TestClients.NO_LOOKUP, dialer);
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> impatient.get(server.url("/silent")))
                    .isInstanceOf(HttpFetchException.class)
                    .hasMessage("no complete answer within 300 ms");
        } finally {
            release.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stopsWritingARequestTheServerNeverReadsAtTheDeadline() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/deaf", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        SafeHttpClient impatient = TestClients.client(LOCAL.withTotalTimeout(Duration.ofMillis(300)), TestClients.NO_LOOKUP, dialer);
        String hugeBody = "\"" + "b".repeat(32 << 20) + "\""; // far more than the socket buffers hold
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> impatient.fetch(new HttpFetchRequest("POST", server.url("/deaf"), Map.of(), hugeBody, null)))
                    .isInstanceOf(HttpFetchException.class)
                    .hasMessage("no complete answer within 300 ms");
        } finally {
            release.countDown();
        }
        // The server would hold out for ten seconds; only closing the socket at the deadline ends the write sooner.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void countsASlowLookupAgainstTheDeadline() {
        CountDownLatch release = new CountDownLatch(1);
        HostResolver slow = host -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        };
        server.on("/", exchange -> respond(exchange, 200, "text/plain", "too late"));
        SafeHttpClient impatient = TestClients.client(LOCAL.withTotalTimeout(Duration.ofMillis(300)), slow, dialer);
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> impatient.get(server.url("slow-dns.test", "/")))
                    .isInstanceOf(HttpFetchException.class)
                    .hasMessage("no complete answer within 300 ms");
        } finally {
            release.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(dialer.dialled).as("nothing is dialled once the deadline has passed").isEmpty();
    }

    @Test
    void connectsToTheAddressItCheckedWithoutLookingTheNameUpAgain() {
        AtomicReference<String> hostSeen = new AtomicReference<>();
        server.on("/pinned", exchange -> {
            hostSeen.set(exchange.getRequestHeaders().getFirst("Host"));
            respond(exchange, 200, "text/plain", "pinned");
        });
        TableResolver resolver = new TableResolver(Map.of("service.test", List.of("127.0.0.1")));
        SafeHttpClient named = TestClients.client(LOCAL, resolver, dialer);

        assertThat(named.get(server.url("service.test", "/pinned")).body()).isEqualTo("pinned");
        assertThat(resolver.lookups).hasValue(1);
        assertThat(hostSeen.get()).isEqualTo("service.test:" + server.port());
        assertThat(dialer.dialled).containsExactly(new InetSocketAddress("127.0.0.1", server.port()));
    }

    @Test
    void triesTheNextCheckedAddressWhenOneRefusesTheConnection() {
        server.on("/second", exchange -> respond(exchange, 200, "text/plain", "second address"));
        TableResolver resolver = new TableResolver(Map.of("two.test", List.of("127.0.0.2", "127.0.0.1")));
        SafeHttpClient twoAddresses = TestClients.client(HttpFetchSettings.defaults().withAllowList("127.0.0.0/8"),
                resolver, dialer);

        assertThat(twoAddresses.get(server.url("two.test", "/second")).body()).isEqualTo("second address");
        assertThat(dialer.dialled).extracting(address -> address.getAddress().getHostAddress()).containsExactly("127.0.0.2", "127.0.0.1");
        assertThat(resolver.lookups).hasValue(1);
    }

    @Test
    void reachesAnAllowListedHostNameItWouldOtherwiseRefuse() {
        server.on("/invoices", exchange -> respond(exchange, 200, "application/json", "[]"));
        TableResolver resolver = new TableResolver(Map.of("billing.internal", List.of("127.0.0.1")));
        SafeHttpClient operatorClient = TestClients.client(HttpFetchSettings.defaults().withAllowList("billing.internal"),
                resolver, dialer);

        assertThat(operatorClient.get(server.url("billing.internal", "/invoices")).body()).isEqualTo("[]");
        assertThatThrownBy(() -> TestClients.client(HttpFetchSettings.defaults(), resolver, dialer)
                .get(server.url("billing.internal", "/invoices"))).isInstanceOf(RefusedUrlException.class);
    }

    @Test
    void returnsANonSuccessStatusAsAResult() {
        server.on("/missing", exchange -> respond(exchange, 404, "text/plain", "no such page"));

        HttpFetchResult result = client.get(server.url("/missing"));

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.body()).isEqualTo("no such page");
    }
}
