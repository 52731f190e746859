package com.agentplatform.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Follows one execution's server-sent events ({@code GET /v1/executions/{id}/events}) until its terminal event.
 *
 * <p>The generated {@code EventsApi} can only read a stream to its end as one string; this reads it event by event. It
 * sends what the {@link ApiClient}'s request interceptor adds (the {@code Authorization} header), and when the
 * connection drops before the terminal event it connects again with {@code Last-Event-ID}, so the server replays only
 * what was missed: no event is lost or seen twice. Iteration ends after {@code succeeded}, {@code failed},
 * {@code cancelled} or {@code timed_out}.
 *
 * <pre>{@code
 * try (ExecutionStream events = ExecutionStream.follow(apiClient, execution.getId())) {
 *     for (ExecutionStream.Event event : events) {
 *         System.out.println(event.type() + " " + event.data());
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe: one reader per stream.
 */
public final class ExecutionStream implements Iterable<ExecutionStream.Event>, AutoCloseable {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "timed_out");
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    /** Connection attempts in a row that may fail (no event read in between) before the stream gives up. */
    private static final int MAX_FAILURES_IN_A_ROW = 10;

    private final ApiClient client;
    private final URI uri;
    private String lastEventId;
    private Duration retry = DEFAULT_RETRY;
    private int failuresInARow;
    private int connections;
    private InputStream body;
    private BufferedReader reader;
    private Event next;
    private boolean finished;

    private ExecutionStream(ApiClient client, UUID executionId, String lastEventId) {
        this.client = client;
        this.uri = URI.create(client.getBaseUri() + "/v1/executions/" + executionId + "/events");
        this.lastEventId = lastEventId;
    }

    /** All of the execution's events, from its first. */
    public static ExecutionStream follow(ApiClient client, UUID executionId) {
        return new ExecutionStream(client, executionId, null);
    }

    /** The events after {@code lastEventId} (an event's {@link Event#id()}), as after a restart of the caller. */
    public static ExecutionStream resume(ApiClient client, UUID executionId, String lastEventId) {
        return new ExecutionStream(client, executionId, lastEventId);
    }

    /**
     * One server-sent event. {@code id} is the event's sequence number within the execution (null for ephemeral
     * {@code token} events), {@code type} its kind ({@code queued}, {@code running}, {@code step}…), {@code data} its
     * JSON payload as sent.
     */
    public record Event(String id, String type, String data) {

        public boolean isTerminal() {
            return TERMINAL.contains(type);
        }
    }

    /** The id of the last event read, to resume from later; null before the first. */
    public String lastEventId() {
        return lastEventId;
    }

    /** How many connections the stream has opened so far (more than one after a drop). */
    public int connections() {
        return connections;
    }

    public Stream<Event> events() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    @Override
    public Iterator<Event> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (next == null && !finished) {
                    next = read();
                }
                return next != null;
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the execution's stream has ended");
                }
                Event event = next;
                next = null;
                return event;
            }
        };
    }

    @Override
    public void close() {
        finished = true;
        disconnect();
    }

    /** The next event, reconnecting as often as it takes; null once the stream has ended. */
    private Event read() {
        while (!finished) {
            try {
                if (reader == null) {
                    connect();
                }
                Event event = readEvent();
                if (event == null) {
                    dropped(null);
                    continue;
                }
                failuresInARow = 0;
                if (event.id() != null) {
                    lastEventId = event.id();
                }
                if (event.isTerminal()) {
                    close();
                }
                return event;
            } catch (IOException e) {
                dropped(e);
            }
        }
        return null;
    }

    private void connect() throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        if (client.getRequestInterceptor() != null) {
            client.getRequestInterceptor().accept(request);
        }
        if (lastEventId != null) {
            request.setHeader("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        connections++;
        int status = response.statusCode();
        if (status == 200) {
            body = response.body();
            reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            return;
        }
        String problem = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        if (status == 429 || status >= 500) {
            throw new IOException("HTTP " + status + ": " + problem);
        }
        // A refused credential or an unknown execution does not get better by asking again.
        finished = true;
        throw new ExecutionStreamException(status, problem);
    }

    /** One event as the SSE format frames it; comments ({@code : ping}) are skipped. Null at the end of the body. */
    private Event readEvent() throws IOException {
        String id = null;
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null || type != null) {
                    return new Event(id, type == null ? "message" : type, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "retry" -> retry = retryOf(value);
                default -> { }
            }
        }
        return null;
    }

    private Duration retryOf(String millis) {
        try {
            return Duration.ofMillis(Long.parseLong(millis.trim()));
        } catch (NumberFormatException e) {
            return retry;
        }
    }

    /** The connection ended before the terminal event: wait as the server asked, then try again from the last id. */
    private void dropped(IOException cause) {
        disconnect();
        if (finished) {
            return;
        }
        if (++failuresInARow > MAX_FAILURES_IN_A_ROW) {
            finished = true;
            throw new UncheckedIOException("the stream of " + uri.getPath() + " failed " + MAX_FAILURES_IN_A_ROW
                    + " times in a row", cause == null ? new IOException("connection closed") : cause);
        }
        try {
            Thread.sleep(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = true;
        }
    }

    private void disconnect() {
        reader = null;
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // Closing only aborts the connection; there is nothing left to read from it.
            }
            body = null;
        }
    }
}
