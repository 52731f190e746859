package com.agentplatform.worker.tool.http;

import com.agentplatform.common.json.JsonMapping;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small MCP server (streamable HTTP, JSON-RPC 2.0 in POST bodies) to mount on a {@link LocalServer}. Its tools:
 * {@code echo} (answered as an event stream), {@code long} (50,000 characters) and {@code stall} (never answers
 * until the server is released). It keeps the method of every request, and the idempotency key of every tool call.
 */
final class LocalMcpServer implements HttpHandler {

    static final int LONG_RESULT = 50_000;

    final List<String> methods = new CopyOnWriteArrayList<>();
    final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        JsonNode request = JsonMapping.messages().readTree(exchange.getRequestBody().readAllBytes());
        String method = request.get("method").asString();
        methods.add(method);
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Mcp-Session-Id", "local-session");
        switch (method) {
            case "initialize" -> json(exchange, id, """
                    {"protocolVersion": "%s", "capabilities": {"tools": {}}, "serverInfo": {"name": "local", "version": "1"}}"""
                    .formatted(request.get("params").get("protocolVersion").asString()));
            case "tools/list" -> json(exchange, id, """
                    {"tools": [%s, %s, %s]}""".formatted(tool("echo"), tool("long"), tool("stall")));
            case "tools/call" -> call(exchange, id, request.get("params"));
            default -> json(exchange, id, "{}");
        }
    }

    /** Lets stalled calls end. */
    void release() {
        release.countDown();
    }

    private void call(HttpExchange exchange, JsonNode id, JsonNode params) throws IOException {
        idempotencyKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
        switch (params.get("name").asString()) {
            case "echo" -> {
                String result = "{\"jsonrpc\": \"2.0\", \"id\": " + id + ", \"result\": " + text(params.get("arguments").get("text").asString()) + "}";
                byte[] body = (": a comment\nevent: message\ndata: " + result + "\n\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            }
            case "long" -> json(exchange, id, text("x".repeat(LONG_RESULT)));
            default -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }
    }

    private static String tool(String name) {
        return """
                {"name": "%s", "description": "a test tool", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}"""
                .formatted(name);
    }

    private static String text(String text) {
        ObjectNode result = JsonMapping.messages().createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", false);
        return result.toString();
    }

    private static void json(HttpExchange exchange, JsonNode id, String result) throws IOException {
        byte[] body = ("{\"jsonrpc\": \"2.0\", \"id\": " + id + ", \"result\": " + result + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
