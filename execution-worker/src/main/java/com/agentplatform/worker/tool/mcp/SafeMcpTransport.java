package com.agentplatform.worker.tool.mcp;

import com.agentplatform.worker.tool.http.HttpFetchRequest;
import com.agentplatform.worker.tool.http.HttpFetchResult;
import com.agentplatform.worker.tool.http.SafeHttpClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.client.McpCallContext;
import dev.langchain4j.mcp.client.transport.McpOperationHandler;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.protocol.McpClientMessage;
import dev.langchain4j.mcp.protocol.McpInitializationNotification;
import dev.langchain4j.mcp.protocol.McpInitializeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * MCP's streamable HTTP transport over {@link SafeHttpClient}, in place of langchain4j's own (which has a client of
 * its own that resolves names itself). Every message is one POST through the same client as the http tools: the
 * server's host is resolved and checked on every request and the connection pinned to the checked address, so a name
 * that first resolves to a public address cannot be rebound to an internal one later; bodies are size-capped and
 * every exchange has a deadline. The server may answer with JSON or with an event stream that it closes after the
 * answer; no long-lived GET stream is opened, so server-initiated messages arrive only inside answers.
 *
 * <p>Each call is made on the caller's thread: the future returned is already complete.
 */
final class SafeMcpTransport implements McpTransport {

    /** The invocation parameter that carries a call's idempotency key, sent as {@code Idempotency-Key}. */
    static final String IDEMPOTENCY_KEY = "idempotency_key";

    /** langchain4j's MCP messages are Jackson 2 beans. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final String url;
    private final SafeHttpClient http;
    private final Duration timeout;
    private final AtomicReference<String> session = new AtomicReference<>();
    private volatile McpOperationHandler handler;

    SafeMcpTransport(String url, SafeHttpClient http, Duration timeout) {
        this.url = url;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public void start(McpOperationHandler handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<JsonNode> initialize(McpInitializeRequest request) {
        CompletableFuture<JsonNode> initialized = send(request, null);
        if (!initialized.isCompletedExceptionally()) {
            CompletableFuture<JsonNode> notified = send(new McpInitializationNotification(), null);
            if (notified.isCompletedExceptionally()) {
                return notified;
            }
        }
        return initialized;
    }

    @Override
    public CompletableFuture<JsonNode> executeOperationWithResponse(McpClientMessage message) {
        return send(message, null);
    }

    @Override
    public CompletableFuture<JsonNode> executeOperationWithResponse(McpCallContext context) {
        return send(context.message(), context.invocationContext());
    }

    @Override
    public void executeOperationWithoutResponse(McpClientMessage message) {
        send(message, null);
    }

    @Override
    public void executeOperationWithoutResponse(McpCallContext context) {
        send(context.message(), context.invocationContext());
    }

    @Override
    public void checkHealth() {
        // Nothing runs in the background to watch; a dead server fails the next call.
    }

    @Override
    public void onFailure(Runnable callback) {
        // As above: failures surface on the call that meets them.
    }

    /** Ends the session at the server, if it gave one; a server that does not answer is simply left. */
    @Override
    public void close() {
        String id = session.get();
        if (id == null) {
            return;
        }
        try {
            http.fetch(new HttpFetchRequest("DELETE", url, Map.of("Mcp-Session-Id", id), null, CLOSE_TIMEOUT));
        } catch (RuntimeException ignored) {
            // the session expires at the server anyway
        }
    }

    /** POSTs the message and hands every message of the answer to the handler, which completes the response. */
    private CompletableFuture<JsonNode> send(McpClientMessage message, InvocationContext invocation) {
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        Long id = message.getId();
        if (id != null) {
            handler.startOperation(id, response);
        }
        try {
            HttpFetchResult result = http.fetch(new HttpFetchRequest("POST", url, headers(message, invocation),
                    JSON.writeValueAsString(message), timeout));
            if (!result.isSuccess()) {
                throw new McpTransportException("the MCP server answered HTTP " + result.status());
            }
            result.header("mcp-session-id").ifPresent(session::set);
            for (JsonNode received : messagesOf(result)) {
                handler.handle(received);
            }
            if (id == null) {
                response.complete(null);
            } else if (!response.isDone()) {
                throw new McpTransportException("the MCP server sent no answer to request " + id);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            response.completeExceptionally(e);
        }
        return response;
    }

    private Map<String, String> headers(McpClientMessage message, InvocationContext invocation) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, text/event-stream");
        String id = session.get();
        if (id != null && !(message instanceof McpInitializeRequest)) {
            headers.put("Mcp-Session-Id", id);
        }
        Object key = invocation == null || invocation.invocationParameters() == null ? null
                : invocation.invocationParameters().get(IDEMPOTENCY_KEY);
        if (key != null) {
            headers.put("Idempotency-Key", key.toString());
        }
        return headers;
    }

    /** The JSON-RPC messages of an answer: a JSON body (one message or a batch), or the data of each event. */
    private static List<JsonNode> messagesOf(HttpFetchResult result) throws JsonProcessingException {
        List<String> bodies = "text/event-stream".equals(result.mediaType().orElse(""))
                ? eventData(result.body())
                : List.of(result.body());
        List<JsonNode> messages = new ArrayList<>();
        for (String body : bodies) {
            if (body.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(body);
            if (node.isArray()) {
                node.forEach(messages::add);
            } else {
                messages.add(node);
            }
        }
        return messages;
    }

    /** The {@code data} of each server-sent event, its lines joined. */
    private static List<String> eventData(String stream) {
        List<String> events = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        for (String line : stream.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(data.toString());
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        if (!data.isEmpty()) {
            events.add(data.toString());
        }
        return events;
    }

    /** The server answered, but not as MCP expects. */
    static final class McpTransportException extends RuntimeException {

        McpTransportException(String message) {
            super(message);
        }
    }
}
