package com.agentplatform.gateway;

import com.agentplatform.gateway.tenant.AdminCaller;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The OpenAPI document: the API as built, its two credentials, and the one error model of every operation. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String PROBLEM = "ProblemDetail";

    static {
        // Resolved from the API key, never sent by the client; an event stream is text, not an object.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthenticatedTenant.class, AdminCaller.class);
        SpringDocUtils.getConfig().replaceWithClass(SseEmitter.class, String.class);
    }

    @Bean
    OpenAPI agentPlatformApi() {
        return new OpenAPI()
                .info(new Info().title("Agent Platform API").version("v1")
                        .description("Runs AI agents as durable background jobs for many tenants."))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A tenant API key: Authorization: Bearer <key> (or X-API-Key: <key>)"))
                        .addSecuritySchemes("adminToken", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The admin token, for /admin/v1/**")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /** Every operation can fail the same way: problem+json with a stable code. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (path.startsWith("/admin/")) {
                operation.addSecurityItem(new SecurityRequirement().addList("adminToken"));
            }
            Content problem = new Content().addMediaType("application/problem+json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
            Map.of("400", "Invalid request", "401", "Missing, invalid or revoked credential", "404", "Not found (or another tenant's)",
                    "429", "Rate limited or over quota").forEach((status, description) -> {
                        if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                            operation.getResponses().addApiResponse(status, new ApiResponse().description(description).content(problem));
                        }
                    });
            }));
        };
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().description("a URI naming the kind of problem"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().description("stable UPPER_SNAKE identifier, e.g. VALIDATION_FAILED"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema())
                        .addProperty("message", new StringSchema())));
    }
}
