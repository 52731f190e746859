package com.agentplatform.gateway.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/tenant}: who the caller is, its limits and what it uses now. */
@RestController
@Tag(name = "Tenants")
class TenantController {

    private final TenantDirectory tenants;
    private final JdbcClient jdbc;

    TenantController(TenantDirectory tenants, JdbcClient jdbc) {
        this.tenants = tenants;
        this.jdbc = jdbc;
    }

    @Operation(operationId = "getCallingTenant", summary = "Get the calling tenant: its limits and usage")
    @GetMapping("/v1/tenant")
    CallingTenant get(AuthenticatedTenant caller) {
        Tenant tenant = tenants.find(caller.id().value()).orElseThrow();
        Usage usage = jdbc.sql("""
                select count(*) filter (where status = 'queued') as queued,
                       count(*) filter (where status = 'running') as running,
                       count(*) filter (where status = 'waiting') as waiting,
                       count(*) as executions,
                       coalesce(sum(input_tokens), 0) as input_tokens,
                       coalesce(sum(output_tokens), 0) as output_tokens
                from executions where tenant_id = :tenant""")
                .param("tenant", caller.id().value())
                .query((rs, row) -> new Usage(rs.getLong("queued"), rs.getLong("running"), rs.getLong("executions"),
                        rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("waiting")))
                .single();
        return new CallingTenant(tenant.id(), tenant.name(),
                new Limits(tenant.rateLimitPerMinute(), tenant.maxConcurrentExecutions(), tenant.maxQueuedExecutions(),
                        tenant.maxConcurrentStreams(), tenant.maxConcurrentStreamsPerKey()), usage);
    }

    record CallingTenant(UUID id, String name, Limits limits, Usage usage) {
    }

    record Limits(int rateLimitPerMinute, int maxConcurrentExecutions, int maxQueuedExecutions, int maxConcurrentStreams,
            int maxConcurrentStreamsPerKey) {
    }

    /** {@code waiting_executions}: paused for a person's decision; they hold neither a running nor a queued slot. */
    record Usage(long queuedExecutions, long runningExecutions, long totalExecutions, long inputTokens, long outputTokens,
            long waitingExecutions) {
    }
}
