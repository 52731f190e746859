package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.execution.ExecutionTransitions.Attempt;
import com.agentplatform.common.execution.ExecutionTransitions.Demand;
import com.agentplatform.common.execution.ExecutionTransitions.Finish;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.StepWrite;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Against real PostgreSQL with statistics as stale as they get: taken while every execution was queued, and a
 * thousand running since. The worker's batch statements (claim, steps, finish, lease renewal) must find the attempts
 * they were given by primary key: never through a partial index on a status, never by scanning the table. Written with {@code status = 'running'} they took a partial index on running
 * executions, believed to hold one row, and scanned every running execution once per batch: after a queue filled
 * while workers were down, ten times the database CPU for each finish, and one worker's completions fell to a third.
 * The statements run for real through a data source that records each one with its parameters; each is then
 * explained with the same parameters.
 */
class HotPlansTest {

    private static final String OWNER = "worker-hot";
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int QUEUED_PER_TENANT = 2_000;
    private static final int RUNNING = 1_000;
    private static final List<String> STATUS_PARTIAL_INDEXES = List.of("executions_tenant_running",
            "executions_running_lease", "executions_tenant_queued", "executions_queued_updated");

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.openOwn("hot_plans", 4);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    @Test
    void batchStatementsFindAttemptsByPrimaryKeyWhateverTheStatisticsSay() throws SQLException {
        List<TenantId> tenants = List.of(QueuedExecutions.tenantWithQueued(jdbc, 100_000, QUEUED_PER_TENANT),
                QueuedExecutions.tenantWithQueued(jdbc, 100_000, QUEUED_PER_TENANT));
        jdbc.sql("analyze executions").update(); // statistics: everything is queued
        jdbc.sql("""
                update executions set status = 'running', attempt = 1, lease_owner = :owner,
                                      lease_expires_at = now() + interval '5 minutes', started_at = now()
                where id in (select id from executions where status = 'queued' order by id limit :n)""")
                .param("owner", OWNER).param("n", RUNNING).update();
        List<Attempt> running = jdbc.sql("select tenant_id, id from executions where status = 'running' order by id")
                .query((rs, row) -> new Attempt(new TenantId(rs.getObject("tenant_id", UUID.class)),
                        new ExecutionId(rs.getObject("id", UUID.class)), 1, OWNER))
                .list();

        Recording recording = new Recording(dataSource);
        JdbcClient watched = JdbcClient.create(recording.dataSource());
        ExecutionTransitions transitions = new ExecutionTransitions(watched, new ExecutionJournal(watched, Clock.systemUTC()),
                Clock.systemUTC());
        List<Attempt> stepping = running.subList(0, 100);
        List<Attempt> ending = running.subList(100, 200);

        recording.start("steps");
        assertThat(transitions.recordSteps(stepping.stream().map(HotPlansTest::step).toList())).allMatch(r -> r.isPresent());
        recording.start("finish");
        assertThat(transitions.finishAll(ending.stream()
                .map(attempt -> new Finish(attempt, new Outcome.Succeeded("done", Usage.NONE))).toList()))
                .allMatch(r -> r.isPresent());
        recording.start("renewal");
        assertThat(new ExecutionStore(watched).renewLeases(OWNER, stepping.stream()
                .map(attempt -> new RunningAttempt(attempt.execution().value(), attempt.number())).toList(), LEASE))
                .isEqualTo(stepping.size());
        recording.start("claim");
        assertThat(transitions.claim("worker-other", LEASE, tenants.stream().map(tenant -> new Demand(tenant, 50)).toList())
                .claimed()).hasSize(100);

        Map<String, String> plans = recording.plans();
        assertThat(plans).containsOnlyKeys("steps", "finish", "renewal", "claim");
        plans.forEach((statement, plan) -> assertThat(plan).as(statement + "\n" + plan)
                .doesNotContain(STATUS_PARTIAL_INDEXES));
        plans.forEach((statement, plan) -> assertThat(plan).as(statement + ": by primary key, whatever the table's size\n"
                + plan).doesNotContain("Seq Scan on executions"));
    }

    private static StepWrite step(Attempt attempt) {
        return new StepWrite(attempt, 1, "llm", "offline", Map.of("messages", 1), Map.of("text", "hi"), Instant.now(), 3, 10, 2);
    }

    /**
     * A data source that records each statement run on executions with its parameters, under the name of the call
     * that ran it, and explains them afterwards with the same parameters.
     */
    private static final class Recording {

        private record Run(String call, String sql, List<Object[]> settings) {
        }

        private final DataSource target;
        private final List<Run> runs = new CopyOnWriteArrayList<>();
        private volatile String call = "";

        Recording(DataSource target) {
            this.target = target;
        }

        void start(String call) {
            this.call = call;
        }

        DataSource dataSource() {
            return proxy(DataSource.class, target, (method, args, result) -> method.getName().equals("getConnection")
                    ? proxy(Connection.class, result, this::statements) : result);
        }

        private Object statements(Method method, Object[] args, Object result) {
            if (!method.getName().equals("prepareStatement")) {
                return result;
            }
            String sql = (String) args[0];
            List<Object[]> settings = new ArrayList<>();
            return proxy(PreparedStatement.class, result, (called, calledArgs, value) -> {
                if (called.getName().startsWith("set") && calledArgs != null && calledArgs.length >= 2
                        && calledArgs[0] instanceof Integer) {
                    settings.add(new Object[] {called, calledArgs});
                } else if (called.getName().startsWith("execute") && sql.contains("executions")
                        && !sql.stripLeading().startsWith("select tenant_id from tenant_counters")) {
                    runs.add(new Run(call, sql, List.copyOf(settings)));
                }
                return value;
            });
        }

        /** Each recorded call's statements, explained, one plan text per call. */
        Map<String, String> plans() throws SQLException {
            try (Connection connection = target.getConnection()) {
                Map<String, String> plans = new java.util.LinkedHashMap<>();
                for (Run run : runs) {
                    plans.merge(run.call(), explain(connection, run), String::concat);
                }
                return plans;
            }
        }

        private static String explain(Connection connection, Run run) throws SQLException {
            try (PreparedStatement explain = connection.prepareStatement("explain " + run.sql())) {
                for (Object[] setting : run.settings()) {
                    ((Method) setting[0]).invoke(explain, (Object[]) setting[1]);
                }
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                return lines.stream().collect(Collectors.joining("\n", "", "\n"));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("could not replay a parameter of " + run.sql(), e);
            }
        }

        private interface AfterCall {
            Object after(Method method, Object[] args, Object result) throws Throwable;
        }

        private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
                Object result;
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                return after.after(method, args, result);
            }));
        }
    }
}
