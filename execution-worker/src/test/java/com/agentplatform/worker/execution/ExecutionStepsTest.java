package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.write.WriteBuffer;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.runtime.AttemptAbandonedException;
import com.agentplatform.worker.runtime.History;
import com.agentplatform.worker.runtime.Step;
import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Against real PostgreSQL: an intent is a step without an event, written only while the attempt holds its lease;
 * its result completes the same step and brings its event, so step and event numbers stay gapless.
 */
class ExecutionStepsTest {

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static ExecutionSteps steps;

    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final ExecutionId execution = ExecutionId.newId();

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.open(10);
        jdbc = JdbcClient.create(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ExecutionTransitions transitions = new ExecutionTransitions(jdbc, new ExecutionJournal(jdbc, Clock.systemUTC()), Clock.systemUTC());
        steps = new ExecutionSteps(jdbc, new GroupCommits(transitions, transactions,
                new WriteBuffer.Settings(16, Duration.ZERO, 100, 1)), transactions);
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    @Test
    void anIntentIsAStepWithoutAnEventAndItsResultCompletesTheSameStepWithOne() {
        ClaimedExecution run = running("worker-a", 1);

        steps.recordIntent(run, 1, intent());

        assertThat(outputOf(1)).contains("\"intent\"");
        assertThat(eventsOf()).isEmpty();

        ExecutionTransitions.StepRecorded completed = steps.recordStep(run, 1, result());

        assertThat(completed.event().seq()).isEqualTo(1);
        assertThat(outputOf(1)).contains("\"result\": \"order o-1\"").doesNotContain("intent");
        assertThat(eventsOf()).containsExactly("1:step");
        assertThat(jdbc.sql("select tool_calls from executions where id = :id").param("id", execution.value())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anAttemptThatLostItsLeaseRecordsNoIntentSoItsCallIsNeverSent() {
        ClaimedExecution stale = running("worker-a", 1);
        jdbc.sql("update executions set lease_owner = 'worker-b', attempt = 2 where id = :id").param("id", execution.value()).update();

        assertThatThrownBy(() -> steps.recordIntent(stale, 1, intent())).isInstanceOf(AttemptAbandonedException.class);
        assertThat(jdbc.sql("select count(*) from execution_steps where execution_id = :id").param("id", execution.value())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aLaterAttemptCompletesTheIntentAnEarlierOneLeftAndTheNextStepFollowsIt() {
        steps.recordIntent(running("worker-a", 1), 1, intent());
        jdbc.sql("update executions set lease_owner = 'worker-b', attempt = 2 where id = :id").param("id", execution.value()).update();
        ClaimedExecution recovered = claimed("worker-b", 2);

        steps.recordStep(recovered, 1, new Step("tool", "place_order", intent().input(),
                Map.of("error", "outcome unknown", "outcome", "unknown"), intent().startedAt(), 0, 0, 0));
        steps.recordStep(recovered, 2, new Step("llm", "offline:deterministic", Map.of("messages", 3), Map.of("text", "ok"),
                Instant.now(), 3, 10, 2));

        assertThat(outputOf(1)).contains("\"outcome\": \"unknown\"");
        assertThat(eventsOf()).containsExactly("1:step", "2:step");
    }

    private ClaimedExecution running(String owner, int attempt) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, :now, :now)")
                .param("id", tenant.value()).param("name", "steps-" + tenant.value()).param("now", now).update();
        jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, lease_owner,
                                        lease_expires_at, created_at, started_at, updated_at)
                values (:id, :tenant, '{}'::jsonb, 'order a pen', 'offline:deterministic', 'running', :attempt, 3, :owner,
                        now() + interval '1 minute', :now, :now, :now)""")
                .param("id", execution.value()).param("tenant", tenant.value()).param("attempt", attempt)
                .param("owner", owner).param("now", now).update();
        return claimed(owner, attempt);
    }

    private ClaimedExecution claimed(String owner, int attempt) {
        AgentSpec agent = new AgentSpec("orders", null, "offline:deterministic", List.of("place_order"), 10, 60, 10_000);
        return new ClaimedExecution(new ExecutionTransitions.Attempt(tenant, execution, attempt, owner), 3, agent,
                "order a pen", 0, null, History.NONE, Instant.now(), null);
    }

    private static Step intent() {
        return new Step("tool", "place_order", Map.of("id", "call_2", "arguments", "{}"),
                Map.of(Step.INTENT, "recorded before the call was sent; no result yet"), Instant.parse("2026-01-01T00:00:00Z"), 0, 0, 0);
    }

    private static Step result() {
        return new Step("tool", "place_order", intent().input(), Map.of("result", "order o-1"), intent().startedAt(), 40, 0, 0);
    }

    private String outputOf(int seq) {
        return jdbc.sql("select output::text from execution_steps where execution_id = :id and seq = :seq")
                .param("id", execution.value()).param("seq", seq).query(String.class).single();
    }

    private List<String> eventsOf() {
        return jdbc.sql("select seq || ':' || type from execution_events where execution_id = :id order by seq")
                .param("id", execution.value()).query(String.class).list();
    }
}
