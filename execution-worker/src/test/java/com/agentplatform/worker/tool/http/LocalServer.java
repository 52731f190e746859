package com.agentplatform.worker.tool.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP(S) server on 127.0.0.1 and a free port, for the client to talk to; nothing leaves the machine. */
final class LocalServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String scheme;

    private LocalServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.start();
    }

    static LocalServer start() {
        try {
            return new LocalServer(HttpServer.create(loopback(), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalServer startTls(HttpsConfigurator tls) {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(tls);
            return new LocalServer(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LocalServer on(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL of a path here, by address. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** The URL of a path here under another host name, which a test resolver must map to 127.0.0.1. */
    String url(String host, String path) {
        return scheme + "://" + host + ":" + port() + path;
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static InetSocketAddress loopback() throws IOException {
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    }
}
