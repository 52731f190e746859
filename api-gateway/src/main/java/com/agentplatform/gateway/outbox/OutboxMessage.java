package com.agentplatform.gateway.outbox;

import java.time.Instant;

/**
 * A message committed with the change that caused it, waiting to be published.
 *
 * @param traceParent the W3C trace context of the request that caused it, sent as a header; null outside a trace
 */
public record OutboxMessage(long id, String topic, String key, String payload, Instant createdAt, String traceParent) {
}
