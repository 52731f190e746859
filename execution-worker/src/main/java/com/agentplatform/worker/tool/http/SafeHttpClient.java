package com.agentplatform.worker.tool.http;

import com.agentplatform.common.net.AddressPolicy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Fetches URLs for tools without letting them reach the worker's own network (SSRF). For every hop, redirects
 * included, the URL is parsed the way browsers read it, its host is resolved exactly once, every address it resolves
 * to must pass the {@link AddressPolicy}, and the connection goes to one of those addresses directly, so a second DNS
 * answer cannot swap in another (DNS rebinding). The lookup, the connection, TLS and the exchange all share one
 * deadline. TLS is layered over that connection with the host name for SNI and
 * certificate checking.
 *
 * <p>It speaks just enough HTTP/1.1 itself, one request per connection, so that no library resolves, pools or
 * follows anything behind its back. Every fetch has a deadline and bounded headers and body.
 */
@Component
public class SafeHttpClient {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");
    /** Closes connections whose deadline passed; read timeouts alone cannot stop a write the server never reads. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("http-tool-deadline").factory());
    /** Host lookups, each on its own virtual thread so that the caller can stop waiting at its deadline. */
    private static final ExecutorService LOOKUPS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("http-tool-lookup-", 0).factory());

    private final HttpFetchSettings settings;
    private final AddressPolicy policy;
    private final HostResolver resolver;
    private final Dialer dialer;
    private final SSLSocketFactory tls;

    @Autowired
    public SafeHttpClient(HttpFetchSettings settings) {
        this(settings, HostResolver.SYSTEM, Dialer.DIRECT, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    SafeHttpClient(HttpFetchSettings settings, HostResolver resolver, Dialer dialer, SSLSocketFactory tls) {
        this.settings = settings;
        this.policy = new AddressPolicy(settings.allowList());
        this.resolver = resolver;
        this.dialer = dialer;
        this.tls = tls;
    }

    /** A GET with the default deadline. */
    public HttpFetchResult get(String url) {
        return fetch(HttpFetchRequest.get(url));
    }

    /**
     * Sends the request, following up to {@link HttpFetchSettings#maxRedirects()} redirects, and returns the last
     * response whatever its status.
     *
     * @throws RefusedUrlException when the URL or a redirect leads somewhere it must not; nothing was sent there
     * @throws HttpFetchException  when the fetch fails: no such host, no answer by the deadline, a limit exceeded
     */
    public HttpFetchResult fetch(HttpFetchRequest request) {
        Deadline deadline = Deadline.after(request.timeout() == null ? settings.totalTimeout() : request.timeout());
        HttpHop hop = HttpHop.first(request);
        for (int redirects = 0; ; redirects++) {
            HttpResponseReader.Response response = exchange(hop, deadline);
            List<String> location = response.headers().get("location");
            if (!REDIRECTS.contains(response.status()) || location == null) {
                return new HttpFetchResult(response.status(), response.headers(), text(response), hop.url().toString());
            }
            if (redirects == settings.maxRedirects()) {
                throw new HttpFetchException("more than " + settings.maxRedirects() + " redirects");
            }
            hop = hop.redirectedTo(location.getFirst(), response.status());
        }
    }

    private HttpResponseReader.Response exchange(HttpHop hop, Deadline deadline) {
        List<InetAddress> addresses = vet(hop.url().host(), deadline);
        // The watchdog may fire a hair before the deadline (it rounds to milliseconds): it says so itself.
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        try (Socket socket = open(hop.url(), addresses, deadline)) {
            ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                closeQuietly(socket);
            }, deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(HttpRequestWriter.encode(hop));
                out.flush();
                InputStream in = new BufferedInputStream(new DeadlineInputStream(socket, deadline));
                return new HttpResponseReader(in, settings.maxHeaderBytes(), settings.maxBodyBytes())
                        .read(hop.method().equals("HEAD"));
            } finally {
                guard.cancel(false);
            }
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException || deadline.hasPassed() || timedOut.get()) {
                throw deadline.expired();
            }
            throw new HttpFetchException("fetching " + hop.url() + " failed: " + e.getMessage(), e);
        }
    }

    /** The addresses the host may be reached at: all of them permitted, from a single lookup. */
    private List<InetAddress> vet(HttpHost host, Deadline deadline) {
        if (host.isLiteral()) {
            policy.refusalOf(host.literal()).ifPresent(reason -> {
                throw new RefusedUrlException(reason);
            });
            return List.of(host.literal());
        }
        policy.refusalOfHost(host.name()).ifPresent(reason -> {
            throw new RefusedUrlException(reason);
        });
        InetAddress[] resolved = lookUp(host.name(), deadline);
        if (resolved.length == 0) {
            throw new HttpFetchException("host '" + host.name() + "' cannot be resolved");
        }
        for (InetAddress address : resolved) {
            policy.refusalOf(host.name(), address).ifPresent(reason -> {
                throw new RefusedUrlException("host '" + host.name() + "' resolves to a refused address: " + reason);
            });
        }
        return List.of(resolved);
    }

    /**
     * The lookup counts against the fetch's deadline: a resolver that answers slowly (or never) would otherwise hold a
     * tool call far past it. A lookup given up on is left to finish on its own thread; the system resolver cannot be
     * interrupted.
     */
    private InetAddress[] lookUp(String name, Deadline deadline) {
        Future<InetAddress[]> lookup = LOOKUPS.submit(() -> resolver.resolve(name));
        try {
            return lookup.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw deadline.expired();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new HttpFetchException("host '" + name + "' cannot be resolved");
            }
            throw new HttpFetchException("looking up '" + name + "' failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new HttpFetchException("interrupted while looking up '" + name + "'", e);
        }
    }

    private Socket open(HttpUrl url, List<InetAddress> addresses, Deadline deadline) throws IOException {
        IOException failure = null;
        for (InetAddress address : addresses) {
            int timeout = (int) Math.min(settings.connectTimeout().toMillis(), deadline.remainingMillis());
            try {
                Socket socket = dialer.dial(new InetSocketAddress(address, url.port()), timeout);
                return url.isHttps() ? secure(socket, url, deadline) : socket;
            } catch (SSLException e) {
                throw e; // the host answered; its certificate or TLS is the problem, not this address
            } catch (IOException e) {
                failure = e;
            }
        }
        throw new HttpFetchException("cannot connect to " + url.authority() + ": " + failure.getMessage(), failure);
    }

    private Socket secure(Socket plain, HttpUrl url, Deadline deadline) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, url.host().name(), url.port(), true);
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!url.host().isLiteral()) {
                parameters.setServerNames(List.of(serverName(url.host())));
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(deadline.remainingMillis());
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Names such as {@code a_b.example} are valid in URLs but not in TLS; they fail the fetch, not the caller. */
    private static SNIHostName serverName(HttpHost host) {
        try {
            return new SNIHostName(host.name());
        } catch (IllegalArgumentException e) {
            throw new HttpFetchException("'" + host.name() + "' cannot be used as a TLS server name");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was wanted; the fetch reports the deadline
        }
    }

    private static String text(HttpResponseReader.Response response) {
        List<String> type = response.headers().get("content-type");
        Charset charset = StandardCharsets.UTF_8;
        Matcher matcher = type == null ? null : CHARSET.matcher(type.getFirst());
        if (matcher != null && matcher.find()) {
            try {
                charset = Charset.forName(matcher.group(1));
            } catch (IllegalArgumentException e) {
                // an unknown charset: UTF-8 is the likeliest and decodes anything, at worst with replacements
            }
        }
        return new String(response.body(), charset);
    }
}
