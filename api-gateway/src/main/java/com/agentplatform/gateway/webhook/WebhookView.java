package com.agentplatform.gateway.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An endpoint as the API shows it; {@code secret} only in the answers of create and rotate-secret. */
@Schema(example = """
        {"id": "01a23bd1-9a14-7b70-a837-e51516b874b9", "url": "https://example.com/hooks/agents",
         "events": ["execution.succeeded", "execution.failed"], "description": "billing service", "enabled": true,
         "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "created_at": "2026-12-03T12:00:00Z",
         "updated_at": "2026-12-03T12:00:00Z"}""")
record WebhookView(UUID id, String url, List<String> events, String description, boolean enabled,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret, Instant createdAt, Instant updatedAt) {

    WebhookView withSecret(String shownOnce) {
        return new WebhookView(id, url, events, description, enabled, shownOnce, createdAt, updatedAt);
    }
}
