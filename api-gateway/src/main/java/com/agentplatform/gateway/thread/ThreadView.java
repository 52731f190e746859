package com.agentplatform.gateway.thread;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A thread as the public API shows it. {@code status} comes from its runs: {@code waiting} while one waits for a
 * person, {@code busy} while one is queued or running, {@code idle} otherwise.
 */
@Schema(example = """
        {"id": "01a23bd1-9a14-7b70-a837-e51516b874b9", "status": "busy", "metadata": {"user": "u-42"},
         "created_at": "2026-12-03T12:00:00Z", "updated_at": "2026-12-03T12:05:00Z"}""")
record ThreadView(UUID id, String status, Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {
}
