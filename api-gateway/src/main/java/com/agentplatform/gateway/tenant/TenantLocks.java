package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's counter row, held until the caller's transaction ends. Every per-tenant bound counted under it (threads,
 * webhook endpoints, schedules) is exact however many gateways create at once, and it is the first lock such a
 * transaction takes, in the order submits, claims and finishes take it, so none of them can deadlock another.
 */
@Component
public class TenantLocks {

    private final JdbcClient jdbc;

    TenantLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void lock(TenantId tenant) {
        jdbc.sql("select tenant_id from tenant_counters where tenant_id = :tenant for update")
                .param("tenant", tenant.value())
                .query(UUID.class)
                .list();
    }
}
