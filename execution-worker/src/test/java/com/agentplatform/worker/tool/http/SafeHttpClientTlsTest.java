package com.agentplatform.worker.tool.http;

import static com.agentplatform.worker.tool.http.LocalServer.redirect;
import static com.agentplatform.worker.tool.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.worker.tool.http.TestClients.RecordingDialer;
import com.agentplatform.worker.tool.http.TestClients.TableResolver;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS over the pinned connection, against a server on 127.0.0.1 whose test certificate names {@code allowed.test}
 * and 127.0.0.1 (made once with the JDK's keytool:
 * {@code -genkeypair -keyalg EC -dname CN=allowed.test -ext SAN=dns:allowed.test,ip:127.0.0.1 -validity 36500}).
 */
class SafeHttpClientTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final List<String> serverNamesSeen = new CopyOnWriteArrayList<>();
    private final LocalServer server = LocalServer.startTls(serverSide(serverNamesSeen));
    private final TableResolver resolver = new TableResolver(Map.of(
            "allowed.test", List.of("127.0.0.1"), "other.test", List.of("127.0.0.1"), "under_score.test", List.of("127.0.0.1")));
    private final SafeHttpClient client = new SafeHttpClient(HttpFetchSettings.defaults().withAllowList("127.0.0.1/32"),
            resolver, new RecordingDialer(), clientSide().getSocketFactory());

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void fetchesOverTlsSendingTheHostNameAsSni() {
        server.on("/secure", exchange -> respond(exchange, 200, "text/plain", "over tls"));

        assertThat(client.get(server.url("allowed.test", "/secure")).body()).isEqualTo("over tls");
        assertThat(serverNamesSeen).containsExactly("allowed.test");
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHost() {
        server.on("/secure", exchange -> respond(exchange, 200, "text/plain", "must not be read"));

        assertThatThrownBy(() -> client.get(server.url("other.test", "/secure")))
                .isInstanceOf(HttpFetchException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateException.class);
    }

    @Test
    void failsCleanlyForAHostNameTlsCannotCarry() {
        assertThatThrownBy(() -> client.get(server.url("under_score.test", "/secure")))
                .isInstanceOf(HttpFetchException.class)
                .hasMessage("'under_score.test' cannot be used as a TLS server name");
    }

    @Test
    void refusesARedirectFromHttpsToHttp() {
        server.on("/downgrade", exchange -> redirect(exchange, 301, "http://allowed.test:" + server.port() + "/plain"));

        assertThatThrownBy(() -> client.get(server.url("allowed.test", "/downgrade")))
                .isInstanceOf(RefusedUrlException.class)
                .hasMessageContaining("from https to http");
    }

    private static KeyStore keyStore() {
        try (InputStream in = SafeHttpClientTlsTest.class.getResourceAsStream("/http/tls-test-server.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("the test key store cannot be read", e);
        }
    }

    private static HttpsConfigurator serverSide(List<String> serverNamesSeen) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = context.getDefaultSSLParameters();
                    ssl.setSNIMatchers(List.of(new RecordingSniMatcher(serverNamesSeen)));
                    parameters.setSSLParameters(ssl);
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client trusting only the test certificate, so the platform's trust store plays no part. */
    private static SSLContext clientSide() {
        try {
            KeyStore store = keyStore();
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", store.getCertificate(store.aliases().nextElement()));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class RecordingSniMatcher extends SNIMatcher {

        private final List<String> seen;

        RecordingSniMatcher(List<String> seen) {
            super(0); // host_name
            this.seen = seen;
        }

        @Override
        public boolean matches(SNIServerName serverName) {
            seen.add(new SNIHostName(serverName.getEncoded()).getAsciiName());
            return true;
        }
    }
}
