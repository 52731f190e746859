package com.agentplatform.gateway.outbox;

/** A message committed with the change that caused it, waiting to be published. */
public record OutboxMessage(long id, String topic, String key, String payload) {
}
