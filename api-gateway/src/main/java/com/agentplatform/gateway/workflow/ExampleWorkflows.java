package com.agentplatform.gateway.workflow;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.workflow.WorkflowStep;
import com.agentplatform.common.workflow.WorkflowValidator;
import com.agentplatform.gateway.GatewaySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import tools.jackson.core.type.TypeReference;

/**
 * In local mode only: the example workflows of {@code workflows/examples.json} for the demo tenant {@code acme}, each
 * running on the offline model with no key. One that exists already (by name) is left as it is. The supervisor example
 * (an agent that calls two specialist agents as tools) is added from the agent agents-as-tools seeds, when it exists.
 */
@Component
class ExampleWorkflows {

    static final String TENANT = "acme";
    private static final Logger log = LoggerFactory.getLogger(ExampleWorkflows.class);
    private static final TypeReference<List<WorkflowBody>> EXAMPLES = new TypeReference<>() {
    };

    private final GatewaySettings settings;
    private final WorkflowRepository workflows;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ExampleWorkflows(GatewaySettings settings, WorkflowRepository workflows, JdbcClient jdbc,
            TransactionTemplate transactions, Clock clock) {
        this.settings = settings;
        this.workflows = workflows;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** After the demo tenants are seeded (their listener runs first). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void seed() {
        if (!settings.localMode()) {
            return;
        }
        List<UUID> tenant = jdbc.sql("select id from tenants where name = :name").param("name", TENANT).query(UUID.class).list();
        if (tenant.isEmpty()) {
            return;
        }
        TenantId acme = new TenantId(tenant.getFirst());
        GatewaySettings.Workflows limits = settings.workflows();
        WorkflowValidator.Bounds bounds = new WorkflowValidator.Bounds(limits.maxSteps(), limits.maxBranches(), limits.maxNesting());
        List<WorkflowBody> all = new ArrayList<>(examples());
        supervised(acme).ifPresent(all::add);
        for (WorkflowBody example : all) {
            if (!WorkflowValidator.check(example.steps(), bounds).isEmpty()) {
                log.warn("Example workflow {} is not valid under this deployment's bounds; not seeded", example.name());
                continue;
            }
            transactions.executeWithoutResult(status -> {
                boolean exists = jdbc.sql("select count(*) from workflows where tenant_id = :tenant and name = :name")
                        .param("tenant", acme.value()).param("name", example.name()).query(Long.class).single() > 0;
                if (!exists) {
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    workflows.insert(new Workflow(UuidV7.next(), acme, example.name(), example.description(),
                            example.inputSchema(), example.steps(), now, now));
                }
            });
        }
        log.info("Local mode: example workflows for {} (GET /v1/workflows)", TENANT);
    }

    /**
     * The fifth example, when local mode seeded the supervisor (agents as tools, seeded before this): the supervisor
     * as a one-step workflow, so the pattern shows among the workflows too. Its id is only known here, not in a file.
     */
    private Optional<WorkflowBody> supervised(TenantId acme) {
        return jdbc.sql("select id from agents where tenant_id = :tenant and name = 'supervisor'")
                .param("tenant", acme.value())
                .query(UUID.class)
                .optional()
                .map(supervisor -> new WorkflowBody("supervisor-with-specialists",
                        "A supervisor agent that hands the task to a researcher and a writer (agents called as tools) "
                                + "and answers from both.", null,
                        List.of(new WorkflowStep("supervise", WorkflowStep.AGENT, supervisor, null, "{{input}}", null, null,
                                null, null, null, null, null, null))));
    }

    static List<WorkflowBody> examples() {
        try (InputStream json = ExampleWorkflows.class.getResourceAsStream("/workflows/examples.json")) {
            return WorkflowRepository.JSON.readValue(json, EXAMPLES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
