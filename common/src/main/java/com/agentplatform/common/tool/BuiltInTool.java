package com.agentplatform.common.tool;

import java.util.Arrays;
import java.util.Optional;

/**
 * The tools every tenant has. The gateway lists and validates them; only the worker runs them.
 *
 * @see #parametersSchema() the JSON schema of the arguments the model passes
 */
public enum BuiltInTool {

    CALCULATOR("calculator",
            "Evaluates an arithmetic expression with + - * / ^, parentheses and decimals, and returns the number.",
            """
            {"type":"object","properties":{"expression":{"type":"string","description":"the expression, such as (17 + 3) * 2.5"}},"required":["expression"],"additionalProperties":false}"""),
    CURRENT_TIME("current_time",
            "Returns the current date and time in UTC (RFC 3339).",
            """
            {"type":"object","properties":{},"additionalProperties":false}"""),
    TENANT_INFO("tenant_info",
            "Returns the tenant this agent works for: its name, limits and current usage.",
            """
            {"type":"object","properties":{},"additionalProperties":false}"""),
    HTTP_GET("http_get",
            "Fetches a public http(s) URL and returns its status and text (private and internal addresses are refused).",
            """
            {"type":"object","properties":{"url":{"type":"string","description":"an absolute http or https URL"}},"required":["url"],"additionalProperties":false}"""),
    /** Offered only where a search backend is configured ({@code WEB_SEARCH_URL}). */
    WEB_SEARCH("web_search",
            "Searches the web and returns the search backend's results as text.",
            """
            {"type":"object","properties":{"query":{"type":"string","description":"what to search for"}},"required":["query"],"additionalProperties":false}""");

    private final String toolName;
    private final String description;
    private final String parametersSchema;

    BuiltInTool(String toolName, String description, String parametersSchema) {
        this.toolName = toolName;
        this.description = description;
        this.parametersSchema = parametersSchema;
    }

    public String toolName() {
        return toolName;
    }

    public String description() {
        return description;
    }

    /** A JSON schema object, as text. */
    public String parametersSchema() {
        return parametersSchema;
    }

    /** True for tools a deployment offers only when it has configured them. */
    public boolean needsConfiguration() {
        return this == WEB_SEARCH;
    }

    public static Optional<BuiltInTool> named(String name) {
        return Arrays.stream(values()).filter(tool -> tool.toolName.equals(name)).findFirst();
    }
}
