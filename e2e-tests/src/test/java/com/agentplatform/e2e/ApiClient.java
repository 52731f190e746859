package com.agentplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's view of the public API, over real HTTP. */
final class ApiClient {

    static final String ACME = "acme-local-key";
    static final String GLOBEX = "globex-local-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    Response submit(String apiKey, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/executions"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any request; {@code body} may be null; {@code headers} are name, value pairs. */
    Response call(String method, String path, String apiKey, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** An admin call with the local admin token. */
    Response admin(String method, String path, String body) {
        return call(method, path, Platform.ADMIN_TOKEN, body);
    }

    Response get(String apiKey, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request);
    }

    /** Reads a status stream until the server closes it (after the terminal event). */
    SseStream events(String apiKey, String executionId, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/executions/" + executionId + "/events"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                return new SseStream(response.statusCode(), List.of());
            }
            try (Stream<String> lines = response.body()) {
                return new SseStream(200, SseEvent.parse(lines.iterator()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows a status stream in the background, keeping each event as it arrives. */
    LiveStream follow(String apiKey, String executionId) {
        return followPath(apiKey, "/v1/executions/" + executionId + "/events", null);
    }

    /** Follows any event stream ({@code /v1/events} too) in the background; {@code lastEventId} may be null. */
    LiveStream followPath(String apiKey, String path, String lastEventId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = builder
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        LiveStream stream = new LiveStream();
        stream.done = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            stream.headers = response.headers();
            stream.lines = response.body();
            stream.status = response.statusCode();
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    stream.refusal = parseOrNull(String.join("\n", lines.toList()));
                    return;
                }
                SseEvent.parse(lines.iterator(), stream.events::add);
            }
        });
        return stream;
    }

    static final class LiveStream implements AutoCloseable {
        final List<SseEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> done;
        volatile int status;
        volatile Stream<String> lines;
        volatile java.net.http.HttpHeaders headers;
        /** The problem+json body when the stream was refused. */
        volatile JsonNode refusal;

        /** Hangs up (for streams that never end by themselves, such as {@code /v1/events}). */
        @Override
        public void close() {
            Stream<String> open = lines;
            if (open != null) {
                open.close();
            }
            done.cancel(true);
        }

        List<String> types() {
            return events.stream().map(SseEvent::type).toList();
        }

        List<Long> ids() {
            return events.stream().map(SseEvent::id).toList();
        }

        List<String> rawIds() {
            return events.stream().map(SseEvent::rawId).toList();
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = parseOrNull(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body,
                    response.headers().firstValue("Location").orElse(null), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Not every answer is JSON (a proxy's or a container's error page); the raw text is kept either way. */
    private static JsonNode parseOrNull(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (tools.jackson.core.JacksonException e) {
            return null;
        }
    }

    record Response(int status, String contentType, JsonNode body, String location,
            java.util.Map<String, List<String>> headers, String raw) {

        String id() {
            return body.get("id").asString();
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    record SseStream(int status, List<SseEvent> events) {

        List<Long> ids() {
            return events.stream().map(SseEvent::id).toList();
        }

        List<String> types() {
            return events.stream().map(SseEvent::type).toList();
        }
    }

    /**
     * One parsed {@code text/event-stream} event; comments ({@code : ping}) are skipped. Events without an id (token
     * deltas) have a null {@code rawId} and an {@code id} of -1.
     */
    record SseEvent(String rawId, long id, String type, JsonNode data) {

        static List<SseEvent> parse(java.util.Iterator<String> lines) {
            List<SseEvent> events = new ArrayList<>();
            parse(lines, events::add);
            return events;
        }

        static void parse(java.util.Iterator<String> lines, java.util.function.Consumer<SseEvent> events) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (id != null) {
                        events.accept(new SseEvent(id, Long.parseLong(id.substring(id.lastIndexOf(':') + 1)), type,
                                JSON.readTree(data.toString())));
                    } else if (type != null && !data.isEmpty()) {
                        events.accept(new SseEvent(null, -1, type, JSON.readTree(data.toString()))); // token: no id
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }
    }
}
