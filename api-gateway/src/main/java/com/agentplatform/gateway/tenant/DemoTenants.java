package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** In local mode only: the tenants {@code acme} and {@code globex} with their well-known keys. */
@Component
class DemoTenants {

    static final Map<String, String> KEYS = Map.of("acme", "acme-local-key", "globex", "globex-local-key");

    private static final Logger log = LoggerFactory.getLogger(DemoTenants.class);

    private final GatewaySettings settings;
    private final TenantDirectory tenants;
    private final TransactionTemplate transactions;

    DemoTenants(GatewaySettings settings, TenantDirectory tenants, TransactionTemplate transactions) {
        this.settings = settings;
        this.tenants = tenants;
        this.transactions = transactions;
    }

    /** First: what local mode seeds for the demo tenants (agents, workflows) needs them. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void seed() {
        if (!settings.localMode()) {
            return;
        }
        KEYS.forEach((name, key) -> {
            try {
                transactions.executeWithoutResult(status -> ensure(name, key));
            } catch (DuplicateKeyException raced) {
                // Another gateway seeded it at the same moment: fine.
                log.debug("Demo tenant {} seeded concurrently", name);
            }
        });
        log.info("Local mode: demo tenants {} with API keys {}", KEYS.keySet(), KEYS.values());
    }

    private void ensure(String name, String key) {
        Tenant existing = tenants.findByName(name)
                .or(() -> tenants.create(new TenantRequests.TenantBody(name, null, null, null, null, null)))
                .orElseThrow(() -> new DuplicateKeyException("tenant " + name + " created concurrently"));
        TenantId tenant = new TenantId(existing.id());
        if (!tenants.hasKey(tenant, key)) {
            tenants.addKey(tenant, "local demo key", key);
        }
    }
}
