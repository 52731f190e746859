package com.agentplatform.gateway.thread;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A thread as the public API shows it. {@code status} comes from its runs: {@code waiting} while one waits for a
 * person, {@code busy} while one is queued or running, {@code idle} otherwise.
 */
record ThreadView(UUID id, String status, Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {
}
