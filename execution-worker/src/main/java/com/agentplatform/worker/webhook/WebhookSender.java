package com.agentplatform.worker.webhook;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.common.secret.SecretCipher;
import com.agentplatform.common.secret.UnreadableSecretException;
import com.agentplatform.common.webhook.WebhookSecret;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.tool.http.HttpFetchRequest;
import com.agentplatform.worker.tool.http.HttpFetchResult;
import com.agentplatform.worker.tool.http.HttpFetchSettings;
import com.agentplatform.worker.tool.http.SafeHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries, on every worker at once: each round claims a batch (endpoints locked with SKIP LOCKED,
 * the attempt's lease in {@code next_attempt_at} and {@code sending_until}), signs each per Standard Webhooks and
 * POSTs it through the tools' SSRF-safe client, so
 * the address is checked again at delivery time (DNS rebinding), a redirect is a failed attempt and the answer is
 * read to a small cap. Sends run on virtual threads: a slow receiver holds only its own deliveries, and only
 * {@code perEndpoint} of them across all workers (the claim counts the leases in the database).
 */
@Component
class WebhookSender extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    /** Beyond the attempt's deadline, before another worker may take it over: covers settling it in the database. */
    private static final Duration SETTLING = Duration.ofSeconds(10);

    private final WebhookDeliveries deliveries;
    private final WebhookSettings settings;
    private final SafeHttpClient http;
    private final SecretCipher cipher;
    private final Clock clock;
    private final WebhookMetrics metrics;
    private final ExecutorService sends = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory());

    WebhookSender(WebhookDeliveries deliveries, WebhookSettings settings, WorkerSettings worker, TaskScheduler scheduler,
            Clock clock, WebhookMetrics metrics) {
        super(scheduler, settings.sendInterval());
        this.deliveries = deliveries;
        this.settings = settings;
        this.http = new SafeHttpClient(new HttpFetchSettings(settings.timeout(), settings.timeout(),
                settings.maxResponseBytes(), 16 * 1024, 0, settings.allowList()));
        this.cipher = SecretCipher.of(worker.secrets());
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        if (settings.enabled()) {
            super.start();
        }
    }

    @Override
    protected void runRound() {
        try {
            Instant now = clock.instant();
            Instant leaseUntil = now.plus(settings.timeout()).plus(SETTLING);
            for (WebhookDeliveries.Claimed delivery : deliveries.claim(now, leaseUntil, settings.batch(), settings.perEndpoint())) {
                sends.execute(() -> sendAndSettle(delivery));
            }
        } catch (RuntimeException e) {
            log.warn("Claiming webhook deliveries failed: {}", e.toString());
        }
    }

    @Override
    protected void afterStop() {
        sends.shutdown();
    }

    private void sendAndSettle(WebhookDeliveries.Claimed delivery) {
        try {
            long started = System.nanoTime();
            Integer status = send(delivery);
            settle(delivery, status, Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (RuntimeException e) {
            log.warn("Settling webhook delivery {} failed; it is tried again when its lease passes: {}", delivery.id(),
                    e.toString());
        }
    }

    /** The answer's status, or null when there was none (refused address, no connection, deadline). */
    private Integer send(WebhookDeliveries.Claimed delivery) {
        String secret;
        try {
            secret = cipher.open(delivery.sealedSecret(), WebhookSecret.context(delivery.tenant(), delivery.endpoint()));
        } catch (UnreadableSecretException e) {
            log.warn("Webhook endpoint {} of tenant {}: its secret does not open here: {}", delivery.endpoint(),
                    delivery.tenant(), e.getMessage());
            return null;
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", delivery.id().toString(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(secret, delivery.id().toString(), timestamp, delivery.body()));
        try {
            HttpFetchResult result = http.fetch(new HttpFetchRequest("POST", delivery.url(), headers, delivery.body(),
                    settings.timeout()));
            return result.status();
        } catch (RuntimeException e) {
            log.info("Webhook delivery {} attempt {} to endpoint {} failed: {}", delivery.id(), delivery.attempt(),
                    delivery.endpoint(), e.getMessage());
            return null;
        }
    }

    private void settle(WebhookDeliveries.Claimed delivery, Integer status, long durationMs) {
        metrics.latency(Duration.ofMillis(durationMs));
        if (status != null && status >= 200 && status < 300) {
            deliveries.succeeded(delivery, status, durationMs);
            metrics.delivered(delivery.endpoint(), "succeeded");
            return;
        }
        Instant now = clock.instant();
        Instant next = delivery.attempt() < settings.maxAttempts() ? now.plus(backoff(delivery.attempt())) : null;
        boolean disabled = deliveries.failed(delivery, status, durationMs, next, now, now.minus(settings.disableAfter()));
        metrics.delivered(delivery.endpoint(), next == null ? "failed" : "retrying");
        if (disabled) {
            log.warn("Webhook endpoint {} of tenant {} is disabled: its deliveries have failed for more than {}",
                    delivery.endpoint(), delivery.tenant(), settings.disableAfter());
            metrics.endpointDisabled();
        }
    }

    /** The wait after failed attempt {@code attempt} (1 for the first), spread by the jitter. */
    private Duration backoff(int attempt) {
        Duration base = settings.backoff().get(attempt - 1);
        double spread = 1 + settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * spread)));
    }
}
