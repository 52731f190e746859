package com.agentplatform.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal MCP server over streamable HTTP (JSON-RPC 2.0 in POST bodies, JSON answers): it offers one tool,
 * {@code lookup}, that defines a word, and keeps every tool call it receives.
 */
final class FakeMcpServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    final List<String> calls = new CopyOnWriteArrayList<>();

    FakeMcpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/mcp", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders("DELETE".equals(exchange.getRequestMethod()) ? 200 : 405, -1);
            exchange.close();
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
            exchange.sendResponseHeaders(202, -1); // a notification
            exchange.close();
            return;
        }
        String result = switch (request.get("method").asString()) {
            case "initialize" -> """
                    {"protocolVersion": "%s", "capabilities": {"tools": {"listChanged": false}},
                     "serverInfo": {"name": "fake-docs", "version": "1.0"}}"""
                    .formatted(request.get("params").get("protocolVersion").asString());
            case "tools/list" -> """
                    {"tools": [{"name": "lookup", "description": "Defines a word",
                                "inputSchema": {"type": "object", "properties": {"word": {"type": "string"}}, "required": ["word"]}}]}""";
            case "tools/call" -> {
                String word = request.get("params").get("arguments").get("word").asString();
                calls.add(word);
                yield """
                        {"content": [{"type": "text", "text": "%s: a word the fake dictionary knows"}], "isError": false}""".formatted(word);
            }
            default -> "{}";
        };
        byte[] body = ("{\"jsonrpc\": \"2.0\", \"id\": " + id + ", \"result\": " + result + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Mcp-Session-Id", "fake-session");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
