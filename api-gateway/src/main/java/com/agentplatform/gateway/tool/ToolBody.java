package com.agentplatform.gateway.tool;

import java.util.Map;

/** {@code POST /v1/tools} and {@code PUT /v1/tools/{name}}. */
record ToolBody(String name, String description, String kind, Map<String, Object> config) {
}
