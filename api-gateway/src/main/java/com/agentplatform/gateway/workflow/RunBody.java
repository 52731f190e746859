package com.agentplatform.gateway.workflow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code POST /v1/workflows/{id}/runs}. */
@Schema(example = """
        {"input": "The history of the printing press", "metadata": {"requested_by": "u-42"}}""")
record RunBody(String input, Map<String, Object> metadata) {
}
