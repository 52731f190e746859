package com.agentplatform.worker.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How workers send webhook deliveries, under {@code platform.worker.webhooks.*}.
 *
 * @param enabled          whether this worker sends deliveries at all
 * @param sendInterval     how often it looks for due deliveries
 * @param batch            deliveries it claims in one round at most
 * @param perEndpoint      deliveries to one endpoint in flight at once across all workers, so one slow receiver
 *                         cannot take every sender
 * @param timeout          each attempt's deadline (lookup, connect, send, answer)
 * @param backoff          the waits before the second, third... attempt, each spread by {@code jitter}; after the
 *                         last the delivery is {@code failed} (the default spans more than 24 h)
 * @param jitter           the share of a wait added or taken away at random, so retries do not arrive in waves
 * @param disableAfter     an endpoint whose deliveries have all failed for this long is disabled
 * @param maxResponseBytes a longer answer body fails the attempt (it is never read further)
 * @param allowList        address blocks, addresses and host names deliveries may reach although the address policy
 *                         refuses them (the gateway's {@code platform.gateway.webhooks.allow-list}; local mode: loopback)
 * @param retention        succeeded and failed deliveries created longer ago than this are deleted (the delivery log
 *                         shows this far back); pending ones are kept whatever their age
 * @param retentionInterval how often a worker looks for deliveries past their retention (one worker at a time deletes)
 * @param retentionBatch   deliveries deleted in one transaction, so a sweep never holds many rows' locks for long
 */
@ConfigurationProperties("platform.worker.webhooks")
public record WebhookSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("250ms") Duration sendInterval,
        @DefaultValue("64") int batch,
        @DefaultValue("8") int perEndpoint,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> backoff,
        @DefaultValue("0.2") double jitter,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("65536") long maxResponseBytes,
        List<String> allowList,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1m") Duration retentionInterval,
        @DefaultValue("500") int retentionBatch) {

    public WebhookSettings {
        allowList = allowList == null ? List.of() : List.copyOf(allowList);
        backoff = List.copyOf(backoff);
        if (batch < 1 || perEndpoint < 1 || jitter < 0 || jitter >= 1 || retentionBatch < 1) {
            throw new IllegalArgumentException("platform.worker.webhooks limits are out of range");
        }
    }

    /** Attempts a delivery gets in all: the first and one per backoff step. */
    int maxAttempts() {
        return backoff.size() + 1;
    }
}
