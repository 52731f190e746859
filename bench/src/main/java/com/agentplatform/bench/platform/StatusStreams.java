package com.agentplatform.bench.platform;

import com.agentplatform.bench.measure.Latency;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Many clients following executions' status streams at once, without a thread each: every stream is read line by line
 * as it arrives. An event is timed from its recorded {@code created_at} to its arrival here (one machine, one clock);
 * only events created after the stream was open count, so replayed history does not pass for delivery delay.
 */
public final class StatusStreams {

    private final PlatformApi api;
    private final Histogram delays = Latency.newHistogram();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong liveEvents = new AtomicLong();

    public StatusStreams(PlatformApi api) {
        this.api = api;
    }

    /** Opens one stream; it counts as open once the response headers arrived. */
    public CompletableFuture<?> follow(Tenant tenant, String executionId) {
        HttpRequest request = api.tenantRequest(tenant, "/v1/executions/" + executionId + "/events")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(30))
                .GET().build();
        return api.http().sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                refused.incrementAndGet();
                return HttpResponse.BodySubscribers.discarding();
            }
            Reader reader = new Reader(Instant.now());
            open.incrementAndGet();
            return HttpResponse.BodySubscribers.fromLineSubscriber(reader);
        }).exceptionally(failure -> {
            refused.incrementAndGet();
            return null;
        });
    }

    public int open() {
        return open.get();
    }

    public int ended() {
        return ended.get();
    }

    public int refused() {
        return refused.get();
    }

    public long liveEvents() {
        return liveEvents.get();
    }

    public Latency delays() {
        return Latency.of(delays);
    }

    private final class Reader implements Flow.Subscriber<String> {

        private final Instant openedAt;

        Reader(Instant openedAt) {
            this.openedAt = openedAt;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data:")) {
                return;
            }
            Instant now = Instant.now();
            Instant created = createdAt(line);
            if (created != null && created.isAfter(openedAt)) {
                Latency.record(delays, Duration.between(created, now).toNanos());
                liveEvents.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended.incrementAndGet();
        }

        @Override
        public void onComplete() {
            ended.incrementAndGet();
        }
    }

    /** The event's {@code created_at}, found without parsing the whole JSON (thousands of streams share this JVM). */
    static Instant createdAt(String data) {
        String field = "\"created_at\":\"";
        int start = data.lastIndexOf(field);
        if (start < 0) {
            return null;
        }
        start += field.length();
        int end = data.indexOf('"', start);
        return end < 0 ? null : Instant.parse(data.substring(start, end));
    }
}
