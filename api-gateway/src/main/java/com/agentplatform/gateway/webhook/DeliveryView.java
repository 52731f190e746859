package com.agentplatform.gateway.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One delivery of an endpoint; its {@code id} is the {@code webhook-id} header, the same on every attempt. */
@Schema(example = """
        {"id": "01a23bd1-9a14-7b70-a837-e51516b874c0", "event_type": "execution.succeeded",
         "execution_id": "01a23bd1-9a14-7b70-a837-e51516b874b9", "attempt": 1, "status": "succeeded",
         "response_status": 200, "duration_ms": 35, "created_at": "2026-12-03T12:00:00Z"}""")
record DeliveryView(UUID id, String eventType, UUID executionId, int attempt, String status, Integer responseStatus,
        Long durationMs, Instant nextAttemptAt, Instant createdAt) {
}
