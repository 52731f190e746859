package com.agentplatform.gateway.workflow;

import java.util.Map;

/** {@code POST /v1/workflows/{id}/runs}. */
record RunBody(String input, Map<String, Object> metadata) {
}
