package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ApprovalTransitions;
import com.agentplatform.common.execution.ChildResults;
import com.agentplatform.common.execution.Delegations;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Against real PostgreSQL: a caller's wait for the agents it called, and their ends reaching it. Children that end at
 * the same instant, settled by several workers at once, complete their calls' steps once each and queue the caller
 * exactly once; an attempt that lost its lease starts no child; a cancelled caller is never resumed.
 */
class ChildResultsTest {

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private static ExecutionTransitions transitions;
    private static Delegations delegations;
    private static ChildResults results;
    private static ApprovalTransitions approvals;

    private final TenantId tenant = new TenantId(UUID.randomUUID());

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.open(12);
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ExecutionJournal journal = new ExecutionJournal(jdbc, Clock.systemUTC());
        transitions = new ExecutionTransitions(jdbc, journal, Clock.systemUTC());
        delegations = new Delegations(jdbc, journal, Clock.systemUTC(), transactions);
        results = new ChildResults(jdbc, journal, Clock.systemUTC());
        approvals = new ApprovalTransitions(jdbc, journal, Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    @Test
    void twoChildrenEndingTogetherAndSettledByFourWorkersAtOnceResumeTheirCallerExactlyOnce() throws Exception {
        insertTenant();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 20; round++) {
                ExecutionId parent = runningParent("worker-a");
                List<ExecutionId> children = delegate(parent, "worker-a").orElseThrow();
                children.forEach(child -> runChild(child));

                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<Void>> ends = children.stream().map(child -> CompletableFuture.runAsync(() -> {
                    await(together);
                    transitions.finish(new ExecutionTransitions.Attempt(tenant, child, 1, "worker-c"),
                            new Outcome.Succeeded("answer of " + child, new Usage(10, 3, 1, 0))).orElseThrow();
                }, threads)).toList();
                ends.forEach(CompletableFuture::join);

                AtomicInteger resumed = new AtomicInteger();
                CyclicBarrier settlers = new CyclicBarrier(4);
                List<CompletableFuture<Void>> workers = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
                    workers.add(CompletableFuture.runAsync(() -> {
                        await(settlers);
                        List<ChildResults.Settled> settled = transactions.execute(status -> results.take(1).stream()
                                .map(results::settle).flatMap(Optional::stream).toList());
                        settled.stream().filter(done -> done.resumedAttempt() != null).forEach(done -> resumed.incrementAndGet());
                    }, threads));
                }
                workers.forEach(CompletableFuture::join);
                while (!transactions.execute(status -> results.take(10).stream().map(results::settle).toList()).isEmpty()) {
                    // whatever the racing workers left (SKIP LOCKED let some take nothing)
                }

                assertThat(resumed).as("round " + round).hasValue(1);
                assertThat(statusOf(parent)).isEqualTo("queued");
                assertThat(eventsOf(parent)).containsExactly("waiting", "step", "step", "queued");
                assertThat(jdbc.sql("select output ->> 'result' from execution_steps where execution_id = :id order by seq")
                        .param("id", parent.value()).query(String.class).list())
                        .containsExactly("answer of " + children.get(0), "answer of " + children.get(1));
                assertThat(jdbc.sql("select children_usage::text from executions where id = :id").param("id", parent.value())
                        .query(String.class).single()).contains("\"llm_calls\": 2").contains("\"input_tokens\": 20");
                assertThat(jdbc.sql("select attempt from executions where id = :id").param("id", parent.value())
                        .query(Integer.class).single()).as("the wait spent no attempt").isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAttemptThatLostItsLeaseStartsNoChild() {
        insertTenant();
        ExecutionId parent = runningParent("worker-a");

        assertThat(delegate(parent, "worker-b")).isEmpty();
        assertThat(jdbc.sql("select count(*) from executions where parent_id = :id").param("id", parent.value())
                .query(Long.class).single()).isZero();
        assertThat(statusOf(parent)).isEqualTo("running");
    }

    @Test
    void aCancelledCallerCancelsItsQueuedChildrenAndTheirEndsDoNotResumeIt() {
        insertTenant();
        ExecutionId parent = runningParent("worker-a");
        List<ExecutionId> children = delegate(parent, "worker-a").orElseThrow();

        Delegations.Cascade cascade = transactions.execute(status -> {
            approvals.cancelWaiting(tenant, parent).orElseThrow();
            return delegations.cancelDescendants(tenant, parent);
        });
        while (!transactions.execute(status -> results.take(10).stream().map(results::settle).toList()).isEmpty()) {
            // settle every end
        }

        assertThat(cascade.events()).hasSize(2);
        assertThat(children).allSatisfy(child -> assertThat(statusOf(child)).isEqualTo("cancelled"));
        assertThat(statusOf(parent)).isEqualTo("cancelled");
        assertThat(eventsOf(parent)).containsExactly("waiting", "cancelled");
        assertThat(jdbc.sql("select output ->> 'error' from execution_steps where execution_id = :id order by seq")
                .param("id", parent.value()).query(String.class).list())
                .allSatisfy(error -> assertThat(error).startsWith("the agent helper ended cancelled"));
    }

    private Optional<List<ExecutionId>> delegate(ExecutionId parent, String owner) {
        AgentSpec helper = new AgentSpec("helper", null, "offline:deterministic", List.of(), 5, 60, 10_000);
        List<Delegations.Call> calls = List.of(
                new Delegations.Call("call_1", "helper", "{\"input\": \"one\"}", UUID.randomUUID(), helper, "one", null),
                new Delegations.Call("call_2", "helper", "{\"input\": \"two\"}", UUID.randomUUID(), helper, "two", null));
        return transactions.execute(status -> delegations.await(new ExecutionTransitions.Attempt(tenant, parent, 1, owner), 1, calls))
                .map(awaiting -> awaiting.children().stream().map(event -> new ExecutionId(event.executionId())).toList());
    }

    private void runChild(ExecutionId child) {
        jdbc.sql("""
                update executions set status = 'running', attempt = 1, lease_owner = 'worker-c', input_tokens = 10,
                                      output_tokens = 3, llm_calls = 1
                where id = :id""")
                .param("id", child.value()).update();
    }

    private void insertTenant() {
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, now(), now())")
                .param("id", tenant.value()).param("name", "children-" + tenant.value()).update();
    }

    private ExecutionId runningParent(String owner) {
        ExecutionId parent = ExecutionId.newId();
        jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, lease_owner,
                                        lease_expires_at, created_at, started_at, updated_at)
                values (:id, :tenant, '{}'::jsonb, 'lead', 'offline:deterministic', 'running', 1, 3, :owner,
                        now() + interval '1 minute', :now, :now, :now)""")
                .param("id", parent.value()).param("tenant", tenant.value()).param("owner", owner)
                .param("now", OffsetDateTime.now()).update();
        return parent;
    }

    private String statusOf(ExecutionId execution) {
        return jdbc.sql("select status from executions where id = :id").param("id", execution.value()).query(String.class).single();
    }

    private List<String> eventsOf(ExecutionId execution) {
        return jdbc.sql("select type from execution_events where execution_id = :id order by seq")
                .param("id", execution.value()).query(String.class).list();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
