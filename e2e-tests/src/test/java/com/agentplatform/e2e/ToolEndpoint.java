package com.agentplatform.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tenant HTTP tool's endpoint on loopback that keeps every request it receives, so a test can count the calls a
 * tool really got. It answers at once, or (held) only when it is closed.
 */
final class ToolEndpoint implements AutoCloseable {

    record Received(String method, String idempotencyKey, String body) {
    }

    private final HttpServer server;
    private final CountDownLatch release;
    final List<Received> received = new CopyOnWriteArrayList<>();

    private ToolEndpoint(boolean held) {
        release = new CountDownLatch(held ? 1 : 0);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/transfers", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"transfer\": \"t-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Answers every request at once. */
    static ToolEndpoint answering() {
        return new ToolEndpoint(false);
    }

    /** Keeps every request open until {@link #close()}. */
    static ToolEndpoint holding() {
        return new ToolEndpoint(true);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/transfers";
    }

    /** Registers this endpoint as the tenant's {@code transfer} tool: a POST (a write) of {amount, to?}. */
    void registerAsTransferTool(ApiClient api, Tenants.Created tenant) {
        ApiClient.Response tool = api.call("POST", "/v1/tools", tenant.key(), """
                {"name": "transfer", "description": "Transfers money", "kind": "http",
                 "config": {"url": "%s", "method": "POST", "timeout_ms": 15000,
                            "parameters": {"type": "object",
                                           "properties": {"amount": {"type": "integer", "minimum": 1},
                                                          "to": {"type": "string"}},
                                           "required": ["amount"], "additionalProperties": false}}}"""
                .formatted(url()));
        if (tool.status() != 201) {
            throw new IllegalStateException("registering the transfer tool failed: " + tool.raw());
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
