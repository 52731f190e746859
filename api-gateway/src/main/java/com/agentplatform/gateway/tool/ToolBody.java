package com.agentplatform.gateway.tool;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code POST /v1/tools} and {@code PUT /v1/tools/{name}}. */
@Schema(example = """
        {"name": "weather", "description": "Current weather of a city", "kind": "http",
         "config": {"url": "https://weather.example.com/now?city={city}", "method": "GET",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}""")
record ToolBody(String name, String description, String kind, Map<String, Object> config) {
}
