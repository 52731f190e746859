package com.agentplatform.worker.provider;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The HTTP client under every provider client: the JDK's, except that a failed answer keeps its {@code Retry-After}
 * (which langchain4j's own client drops), so the retry can wait exactly as long as the provider asked. A streamed
 * answer is read on the calling thread (a run's virtual thread; no pool of readers) and, as a whole, within the
 * read timeout like a blocking answer: a stream still open at the deadline is cut and fails as a timeout.
 */
final class RetryAfterHttpClient implements HttpClient {

    /** Cuts streams at their deadline; shared, as it only ever closes a socket. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("provider-stream-deadlines").factory());

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;

    private RetryAfterHttpClient(Duration connectTimeout, Duration readTimeout) {
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.readTimeout = readTimeout;
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(readTimeout)
                .method(request.method().name(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return builder.build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(toJdk(request), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new StatusException(response.statusCode(), response.body(),
                        parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null)));
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the provider", e);
        }
    }

    /** Blocks until the stream ends, fails or reaches its deadline; the listener hears everything on this thread. */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(toJdk(request), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            listener.onError(e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.onError(e);
            return;
        }
        if (response.statusCode() >= 400) {
            listener.onError(new StatusException(response.statusCode(), readAll(response.body()),
                    parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null))));
            return;
        }
        listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(response.headers().map()).build());
        AtomicBoolean timedOut = new AtomicBoolean();
        try (InputStream body = response.body()) {
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
                timedOut.set(true);
                closeQuietly(body);
            }, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                parser.parse(body, new DeadlineListener(listener, timedOut, readTimeout));
            } finally {
                deadline.cancel(false);
            }
        } catch (IOException e) {
            // closing what was already read to its end
        }
        if (!timedOut.get()) {
            listener.onClose();
        }
    }

    private static String readAll(InputStream body) {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable error body: " + e.getMessage() + ")";
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the reader fails on its next read either way
        }
    }

    /** Reports a stream cut at its deadline as the timeout it is, not as the read error the cut caused. */
    private record DeadlineListener(ServerSentEventListener delegate, AtomicBoolean timedOut, Duration timeout)
            implements ServerSentEventListener {

        @Override
        public void onOpen(SuccessfulHttpResponse response) {
            delegate.onOpen(response);
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            delegate.onEvent(event, context);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            delegate.onEvent(event);
        }

        @Override
        public void onError(Throwable error) {
            delegate.onError(timedOut.get()
                    ? new TimeoutException("the provider's stream was still open after " + timeout, error) : error);
        }

        @Override
        public void onClose() {
            delegate.onClose();
        }
    }

    /** Seconds or an HTTP date, per RFC 9110; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /** A non-2xx answer, with what the provider asked us to wait. */
    static final class StatusException extends HttpException {

        private final transient Duration retryAfter;

        StatusException(int statusCode, String body, Duration retryAfter) {
            super(statusCode, body);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    static final class Builder implements HttpClientBuilder {

        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            if (timeout != null) {
                this.connectTimeout = timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            if (timeout != null) {
                this.readTimeout = timeout;
            }
            return this;
        }

        @Override
        public HttpClient build() {
            return new RetryAfterHttpClient(connectTimeout, readTimeout);
        }
    }
}
