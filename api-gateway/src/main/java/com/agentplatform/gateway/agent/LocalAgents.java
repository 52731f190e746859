package com.agentplatform.gateway.agent;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.gateway.GatewaySettings;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In local mode only: the demo tenant {@code acme} gets a supervisor that calls two specialists as tools,
 * {@code researcher} and {@code writer}, all on the offline model (which delegates to both, then sums up their
 * answers). Seeded once: an agent named {@code supervisor} already there means nothing is added.
 */
@Component
class LocalAgents {

    static final String TENANT = "acme";
    static final String SUPERVISOR = "supervisor";

    private static final Logger log = LoggerFactory.getLogger(LocalAgents.class);
    private static final String MODEL = "offline:deterministic";

    private final GatewaySettings settings;
    private final AgentRepository agents;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    LocalAgents(GatewaySettings settings, AgentRepository agents, JdbcClient jdbc, TransactionTemplate transactions) {
        this.settings = settings;
        this.agents = agents;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Right after the demo tenants, before anything that needs these agents (the seeded workflows). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    void seed() {
        if (!settings.localMode()) {
            return;
        }
        Optional<UUID> tenant = jdbc.sql("select id from tenants where name = :name").param("name", TENANT)
                .query(UUID.class).optional();
        if (tenant.isEmpty()) {
            return;
        }
        TenantId acme = new TenantId(tenant.get());
        transactions.executeWithoutResult(status -> {
            // The tenant's lock: two gateways starting together seed once.
            jdbc.sql("select tenant_id from tenant_counters where tenant_id = :tenant for update")
                    .param("tenant", acme.value()).query(UUID.class).list();
            if (exists(acme)) {
                return;
            }
            UUID researcher = insert(acme, "researcher", "Finds the facts a task needs",
                    "You research the task you are given and report the facts you found.", List.of());
            UUID writer = insert(acme, "writer", "Writes a clear text from a task and its facts",
                    "You write a short, clear text for the task you are given.", List.of());
            insert(acme, SUPERVISOR, "Hands a task to the researcher and the writer, then sums up their answers",
                    "You lead a researcher and a writer: give each of them the task, then answer with their results.",
                    List.of(researcher.toString(), writer.toString()));
            log.info("Local mode: seeded agents supervisor, researcher and writer for tenant {}", TENANT);
        });
    }

    private boolean exists(TenantId tenant) {
        return jdbc.sql("select count(*) from agents where tenant_id = :tenant and name = :name")
                .param("tenant", tenant.value()).param("name", SUPERVISOR).query(Long.class).single() > 0;
    }

    private UUID insert(TenantId tenant, String name, String description, String instructions, List<String> calls) {
        UUID id = UuidV7.next();
        agents.insert(tenant, id, description, new AgentSpec(name, instructions, MODEL, List.of(), 10, 300, 100_000,
                List.of(), AgentSpec.DEFAULT_APPROVAL_TIMEOUT_SECONDS, AgentSpec.DEFAULT_HISTORY_TOKENS, calls));
        return id;
    }
}
