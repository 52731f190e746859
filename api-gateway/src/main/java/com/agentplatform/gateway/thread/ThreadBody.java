package com.agentplatform.gateway.thread;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code POST /v1/threads} (metadata optional) and {@code PATCH /v1/threads/{id}} (metadata replaced). */
@Schema(example = """
        {"metadata": {"user": "u-42", "topic": "travel"}}""")
record ThreadBody(Map<String, Object> metadata) {
}
