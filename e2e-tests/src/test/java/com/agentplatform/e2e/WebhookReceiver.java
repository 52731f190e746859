package com.agentplatform.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on this machine that keeps every request and fails the first {@code failures} of them. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String id, String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final Duration delay;
    private final AtomicInteger open = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(InetSocketAddress address, int failures, Duration delay) {
        failuresLeft = new AtomicInteger(failures);
        this.delay = delay;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.decrementAndGet();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    /** Listens on 127.0.0.1 at a free port. */
    static WebhookReceiver failingFirst(int failures) {
        return new WebhookReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), failures, Duration.ZERO);
    }

    /** Listens on 127.0.0.1 at a free port and answers each request only after {@code delay}. */
    static WebhookReceiver slow(Duration delay) {
        return new WebhookReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0, delay);
    }

    /** Listens on every loopback address (127.0.0.2 too) at this port. */
    static WebhookReceiver onAllAddresses(int port) {
        return new WebhookReceiver(new InetSocketAddress(port), 0, Duration.ZERO);
    }

    /** Listens on 127.0.0.1 at this port (one a test kept free while the receiver was "down"). */
    static WebhookReceiver at(int port) {
        return new WebhookReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0, Duration.ZERO);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/hooks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
