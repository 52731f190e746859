package com.agentplatform.gateway.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every operation fails the same way: {@code application/problem+json} with a stable {@code code}. A handler declares
 * the failures particular to it (409, 422…) with a description; this gives each of them, and the failures every
 * operation shares (400, 401, 404 where the path names a resource, 429 under {@code /v1}), the problem schema.
 */
@Component
class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM = "ProblemDetail";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            sharedFailures(path).forEach((status, description) -> responses(operation)
                    .computeIfAbsent(status, code -> new ApiResponse().description(description)));
            responses(operation).forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    response.setContent(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
                }
            });
        }));
    }

    private static Map<String, String> sharedFailures(String path) {
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("400", "VALIDATION_FAILED (errors per field) or another malformed request");
        boolean admin = path.startsWith("/admin/");
        failures.put("401", admin ? "UNAUTHORIZED: no or a wrong admin token" : "UNAUTHORIZED: a missing, unknown or revoked API key");
        if (path.contains("{")) {
            failures.put("404", "NOT_FOUND: no such resource (another tenant's is not found either)");
        }
        if (!admin) {
            failures.put("429", "RATE_LIMITED (with Retry-After) or a quota of the tenant is used up");
        }
        return failures;
    }

    private static ApiResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        return operation.getResponses();
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, with the platform's stable code")
                .addProperty("type", new StringSchema().description("a URI naming the kind of problem, e.g. urn:agent-platform:problem:not-found"))
                .addProperty("title", new StringSchema().description("the HTTP status's phrase"))
                .addProperty("status", new IntegerSchema().description("the HTTP status code"))
                .addProperty("detail", new StringSchema().description("what went wrong, for a person"))
                .addProperty("instance", new StringSchema().description("the path of the request"))
                .addProperty("code", new StringSchema().description("stable UPPER_SNAKE identifier, e.g. VALIDATION_FAILED"))
                .addProperty("errors", new ArraySchema().description("with VALIDATION_FAILED: what is wrong with which field")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().description("the field's path as sent, e.g. agent.max_steps"))
                                .addProperty("message", new StringSchema())));
    }
}
