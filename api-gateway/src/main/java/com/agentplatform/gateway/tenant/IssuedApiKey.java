package com.agentplatform.gateway.tenant;

import java.time.Instant;
import java.util.UUID;

/** A new API key: the only time {@code key} is ever shown. */
record IssuedApiKey(UUID id, String key, String prefix, String name, Instant createdAt) {
}
