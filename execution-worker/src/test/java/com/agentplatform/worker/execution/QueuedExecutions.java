package com.agentplatform.worker.execution;

import com.agentplatform.common.id.TenantId;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows for the worker's statement tests: a new tenant with queued executions of a plain offline agent. */
final class QueuedExecutions {

    private QueuedExecutions() {
    }

    /** A new tenant allowed {@code maxConcurrent} runs, with {@code queued} executions waiting. */
    static TenantId tenantWithQueued(JdbcClient jdbc, int maxConcurrent, int queued) {
        TenantId tenant = new TenantId(UUID.randomUUID());
        jdbc.sql("""
                insert into tenants (id, name, max_concurrent_executions, created_at, updated_at)
                values (:id, :name, :max, now(), now())""")
                .param("id", tenant.value()).param("name", "queued-" + tenant.value()).param("max", maxConcurrent).update();
        jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, max_attempts, last_event_seq, created_at,
                                        updated_at)
                select gen_random_uuid(), :tenant, '{"name": "plain", "model": "offline:deterministic", "max_steps": 5,
                       "timeout_seconds": 60, "max_tokens": 1000}', 'hello', 'offline:deterministic', 'queued', 3, 1, now(),
                       now()
                from generate_series(1, :n)""")
                .param("tenant", tenant.value()).param("n", queued).update();
        return tenant;
    }
}
