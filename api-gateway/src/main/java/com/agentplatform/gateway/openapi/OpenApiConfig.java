package com.agentplatform.gateway.openapi;

import com.agentplatform.gateway.tenant.AdminCaller;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The OpenAPI document clients are generated from: the API as built, its credentials, one tag per resource, and the
 * one error model of every operation (see {@link ProblemResponses}). Operation ids and summaries sit on the handlers.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String API_KEY = "apiKey";
    static final String API_KEY_HEADER = "apiKeyHeader";
    static final String ADMIN_TOKEN = "adminToken";

    /** Each tag becomes one API class of a generated client ({@code ExecutionsApi}…), so each names a resource. */
    private static final Map<String, String> TAGS = orderedTags();

    static {
        // Resolved from the credential, never sent by the client; an event stream is text, not an object.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthenticatedTenant.class, AdminCaller.class);
        SpringDocUtils.getConfig().replaceWithClass(SseEmitter.class, String.class);
    }

    @Bean
    OpenAPI agentPlatformApi() {
        return new OpenAPI()
                .info(new Info().title("Agent Platform API").version("v1")
                        .description("Runs AI agents as durable background jobs for many tenants. Bodies are JSON in "
                                + "snake_case; errors are RFC 9457 problem details with a stable `code`.")
                        .contact(new Contact().name("Agent Platform")))
                // A fixed server keeps the document the same whichever host and port served it (a client's spec is
                // checked in and compared with this document).
                .servers(List.of(new Server().url("http://localhost:8080").description("The local run (./run-local.sh)")))
                .tags(TAGS.entrySet().stream().map(tag -> new Tag().name(tag.getKey()).description(tag.getValue())).toList())
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A tenant API key: `Authorization: Bearer <key>`"))
                        .addSecuritySchemes(API_KEY_HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                                .description("The same tenant API key in its own header: `X-API-Key: <key>`"))
                        .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The operator's admin token, for `/admin/v1/**` only")))
                .security(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(API_KEY_HEADER)));
    }

    /** Admin operations take the admin token and nothing else. */
    @Bean
    OpenApiCustomizer adminSecurity() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/admin/")) {
                item.readOperations().forEach(operation ->
                        operation.setSecurity(List.of(new SecurityRequirement().addList(ADMIN_TOKEN))));
            }
        });
    }

    private static Map<String, String> orderedTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Executions", "Submit an agent run, read it, its steps, list and cancel runs");
        tags.put("Events", "Server-sent event streams: one execution's, a thread's, or all of the tenant's");
        tags.put("Approvals", "A person's decision on a tool call a waiting execution holds");
        tags.put("Agents", "Stored agents: instructions, model, tools and limits");
        tags.put("Tools", "Built-in tools and the tenant's own HTTP and MCP tools");
        tags.put("Threads", "Conversations whose runs see the earlier turns");
        tags.put("Schedules", "Agents run on a cron schedule");
        tags.put("Workflows", "Multi-agent workflows (agent, tool, parallel and condition steps) and their runs");
        tags.put("Webhooks", "Endpoints told when executions finish, and their deliveries");
        tags.put("Models", "The models executions may ask for");
        tags.put("Tenants", "The calling tenant's limits and usage; for the operator, every tenant");
        tags.put("Keys", "API keys of a tenant, issued and revoked by the operator");
        return tags;
    }
}
