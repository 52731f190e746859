package com.agentplatform.gateway.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * {@code POST /v1/webhooks} ({@code url} and {@code events} required) and {@code PATCH /v1/webhooks/{id}} (only the
 * fields sent change; {@code enabled: true} turns an endpoint disabled for failing back on).
 */
@Schema(example = """
        {"url": "https://example.com/hooks/agents", "events": ["execution.succeeded", "execution.failed"],
         "description": "billing service"}""")
record WebhookBody(String url, List<String> events, String description, Boolean enabled) {
}
