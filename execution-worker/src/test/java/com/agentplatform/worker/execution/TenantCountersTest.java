package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.execution.ExecutionTransitions.Claimed;
import com.agentplatform.common.execution.ExecutionTransitions.Demand;
import com.agentplatform.common.execution.ExecutionTransitions.Finish;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.StepWrite;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Against real PostgreSQL: a tenant's queued, running and waiting counters, kept by a trigger once per statement
 * (V19), equal the counts of its executions after every kind of move, several tenants' executions moved by one
 * statement included. The queue bound and the concurrency limit read these counters and nothing else.
 */
class TenantCountersTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static ExecutionTransitions transitions;

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.open(4);
        jdbc = JdbcClient.create(dataSource);
        transitions = new ExecutionTransitions(jdbc, new ExecutionJournal(jdbc, Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    @Test
    void countersFollowEveryMoveOfSeveralTenantsExecutions() {
        List<TenantId> tenants = List.of(QueuedExecutions.tenantWithQueued(jdbc, 100, 5),
                QueuedExecutions.tenantWithQueued(jdbc, 100, 7), QueuedExecutions.tenantWithQueued(jdbc, 100, 3));
        assertCountersMatch(tenants);

        List<Claimed> claimed = transitions.claim("worker-counting", LEASE,
                tenants.stream().map(tenant -> new Demand(tenant, 4)).toList()).claimed();
        assertThat(claimed).hasSize(11);
        assertCountersMatch(tenants);

        transitions.recordSteps(claimed.stream().map(run -> new StepWrite(run.attempt(), 1, "llm", "offline",
                Map.of("messages", 1), Map.of("text", "hi"), Instant.now(), 1, 1, 1)).toList());
        assertCountersMatch(tenants);

        transitions.finishAll(claimed.subList(0, 6).stream()
                .map(run -> new Finish(run.attempt(), new Outcome.Succeeded("done", Usage.NONE))).toList());
        assertCountersMatch(tenants);

        transitions.handBack(claimed.get(6).attempt(), "worker shut down");
        transitions.cancelQueued(tenants.get(1), queuedOf(tenants.get(1)));
        assertCountersMatch(tenants);

        jdbc.sql("update executions set status = 'waiting' where id = :id")
                .param("id", claimed.get(7).attempt().execution().value()).update();
        jdbc.sql("update executions set status = 'cancelled' where tenant_id = any(:tenants) and status = 'queued'")
                .param("tenants", tenants.stream().map(TenantId::value).toArray(UUID[]::new)).update();
        assertCountersMatch(tenants);
    }

    private static void assertCountersMatch(List<TenantId> tenants) {
        for (TenantId tenant : tenants) {
            Map<String, Object> counted = jdbc.sql("""
                    select count(*) filter (where status = 'queued') as queued,
                           count(*) filter (where status = 'running') as running,
                           count(*) filter (where status = 'waiting') as waiting
                    from executions where tenant_id = :tenant""").param("tenant", tenant.value()).query().singleRow();
            Map<String, Object> kept = jdbc.sql("""
                    select cast(queued as bigint) as queued, cast(running as bigint) as running,
                           cast(waiting as bigint) as waiting
                    from tenant_counters where tenant_id = :tenant""").param("tenant", tenant.value()).query().singleRow();
            assertThat(kept).as("counters of " + tenant).isEqualTo(counted);
        }
    }

    private static ExecutionId queuedOf(TenantId tenant) {
        return new ExecutionId(jdbc.sql("select id from executions where tenant_id = :tenant and status = 'queued' limit 1")
                .param("tenant", tenant.value()).query(UUID.class).single());
    }
}
