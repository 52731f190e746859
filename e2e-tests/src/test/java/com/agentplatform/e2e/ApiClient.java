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

    Response submit(String apiKey, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/executions"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/executions/" + executionId + "/events"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        LiveStream stream = new LiveStream();
        stream.done = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            try (Stream<String> lines = response.body()) {
                SseEvent.parse(lines.iterator(), stream.events::add);
            }
        });
        return stream;
    }

    static final class LiveStream {
        final List<SseEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> done;

        List<String> types() {
            return events.stream().map(SseEvent::type).toList();
        }

        List<Long> ids() {
            return events.stream().map(SseEvent::id).toList();
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body,
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String contentType, JsonNode body, String location) {

        String id() {
            return body.get("id").asString();
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

    /** One parsed {@code text/event-stream} event; comments ({@code : ping}) are skipped. */
    record SseEvent(long id, String type, JsonNode data) {

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
                        events.accept(new SseEvent(Long.parseLong(id), type, JSON.readTree(data.toString())));
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
