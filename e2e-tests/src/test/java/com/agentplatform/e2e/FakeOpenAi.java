package com.agentplatform.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat-completions server on loopback for the whole test JVM: the platform's workers are
 * configured with it as {@code OPENAI_BASE_URL}. Tests script its answers; an answer can hold its request until
 * released, to freeze a run in the middle of an LLM call. A request that asks to stream gets the same answer in
 * OpenAI's streaming format.
 */
final class FakeOpenAi {

    record Scripted(int status, String body, CountDownLatch hold) {
    }

    private static final long CHUNK_PAUSE_MILLIS = 30;

    private static FakeOpenAi instance;

    private final HttpServer server;
    private final Deque<Scripted> script = new ArrayDeque<>();
    /** When set, answers every request from its body instead of the script. */
    private volatile java.util.function.Function<String, Scripted> responder;
    final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeOpenAi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(request);
            java.util.function.Function<String, Scripted> byContent = responder;
            Scripted answer = byContent != null ? byContent.apply(request) : next();
            if (answer.hold() != null) {
                try {
                    answer.hold().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (answer.status() == 200 && OpenAiChunks.asksForStream(request)) {
                stream(exchange, OpenAiChunks.of(answer.body()));
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** A request with {@code stream: true} gets its scripted answer as OpenAI streams it, one chunk every 30 ms. */
    private static void stream(HttpExchange exchange, List<String> chunks) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String chunk : chunks) {
                out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(CHUNK_PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static synchronized FakeOpenAi get() {
        if (instance == null) {
            instance = new FakeOpenAi();
        }
        return instance;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    synchronized void reset() {
        script.clear();
        requests.clear();
        responder = null;
    }

    /** Answers each request by what it holds: {@code first} for a new conversation, {@code afterTool} once a tool answered. */
    void respondByTurn(String first, String afterTool, CountDownLatch holdAfterTool) {
        responder = request -> request.contains("\"role\" : \"tool\"") || request.contains("\"role\":\"tool\"")
                ? new Scripted(200, afterTool, holdAfterTool) : new Scripted(200, first, null);
    }

    synchronized FakeOpenAi then(String body) {
        script.addLast(new Scripted(200, body, null));
        return this;
    }

    synchronized FakeOpenAi thenStatus(int status, String body) {
        script.addLast(new Scripted(status, body, null));
        return this;
    }

    synchronized FakeOpenAi thenHold(String body, CountDownLatch hold) {
        script.addLast(new Scripted(200, body, hold));
        return this;
    }

    private synchronized Scripted next() {
        return script.isEmpty() ? new Scripted(200, answer("(no scripted answer)"), null) : script.pollFirst();
    }

    static String toolCall(String id, String tool, String escapedArguments) {
        return """
                {"id": "chatcmpl-t", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "%s", "type": "function", "function": {"name": "%s", "arguments": "%s"}}]}}],
                 "usage": {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60}}""".formatted(id, tool, escapedArguments);
    }

    static String answer(String text) {
        return """
                {"id": "chatcmpl-a", "object": "chat.completion", "created": 1700000001, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "%s"}}],
                 "usage": {"prompt_tokens": 70, "completion_tokens": 8, "total_tokens": 78}}""".formatted(text);
    }
}
