package com.agentplatform.gateway.tenant;

import java.time.Instant;
import java.util.UUID;

/** A tenant as the admin API shows it. */
record Tenant(
        UUID id,
        String name,
        int rateLimitPerMinute,
        int maxConcurrentExecutions,
        int maxQueuedExecutions,
        int maxConcurrentStreams,
        int maxConcurrentStreamsPerKey,
        Instant createdAt,
        Instant updatedAt) {
}
