package com.agentplatform.worker.provider;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server that answers like an LLM provider: each request gets the next scripted answer (the last one
 * repeats), and every request is kept (time and body) so tests can assert what the client sent and how often.
 */
final class FakeProviderServer implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body) {
    }

    record Received(long atNanos, String path, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private Answer last;

    FakeProviderServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(System.nanoTime(), exchange.getRequestURI().getPath(), body));
            Answer answer = next();
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    FakeProviderServer then(int status, String body) {
        return then(status, Map.of(), body);
    }

    synchronized FakeProviderServer then(int status, Map<String, String> headers, String body) {
        script.addLast(new Answer(status, headers, body));
        return this;
    }

    private synchronized Answer next() {
        if (!script.isEmpty()) {
            last = script.pollFirst();
        }
        return last;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
