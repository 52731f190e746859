package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Against real PostgreSQL: renewing a worker's leases never waits for a row another statement holds (a step or a
 * finish of the same run being written). Waiting, with many rows taken in no particular order against batches that
 * take theirs in another, deadlocked, and a failed renewal let every lease of the worker run out.
 */
class LeaseRenewalTest {

    private static final String OWNER = "worker-renewing";

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static ExecutionStore store;

    private final UUID tenant = UUID.randomUUID();

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.open(10);
        jdbc = JdbcClient.create(dataSource);
        store = new ExecutionStore(jdbc);
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    @Test
    void aRowHeldByAnotherStatementIsSkippedNotWaitedForAndRenewedOnceFree() throws Exception {
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, now(), now())")
                .param("id", tenant).param("name", "leases-" + tenant).update();
        RunningAttempt free = running();
        RunningAttempt busy = running();

        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement hold = writer.prepareStatement("update executions set updated_at = now() where id = ?")) {
                hold.setObject(1, busy.execution());
                hold.executeUpdate();
            }
            int renewed = CompletableFuture.supplyAsync(() -> store.renewLeases(OWNER, List.of(busy, free), Duration.ofMinutes(5)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(renewed).as("the free row renewed, the held one skipped without waiting").isEqualTo(1);
            assertThat(leaseMinutesLeft(free)).isGreaterThan(3);
            assertThat(leaseMinutesLeft(busy)).isLessThan(2);
            writer.commit();
        }

        assertThat(store.renewLeases(OWNER, List.of(busy, free), Duration.ofMinutes(5))).isEqualTo(2);
        assertThat(leaseMinutesLeft(busy)).isGreaterThan(3);
    }

    @Test
    void aLeaseNoLongerHeldIsNotRenewed() {
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, now(), now())")
                .param("id", tenant).param("name", "leases-" + tenant).update();
        RunningAttempt run = running();
        jdbc.sql("update executions set lease_owner = 'another-worker' where id = :id").param("id", run.execution()).update();

        assertThat(store.renewLeases(OWNER, List.of(run), Duration.ofMinutes(5))).isZero();
    }

    /** An execution this worker runs, attempt 1, its lease one minute from now. */
    private RunningAttempt running() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, last_event_seq,
                                        lease_owner, lease_expires_at, started_at, created_at, updated_at)
                values (:id, :tenant, '{"name": "t"}'::jsonb, 'in', 'offline:deterministic', 'running', 1, 3, 2,
                        :owner, now() + interval '1 minute', now(), now(), now())""")
                .param("id", id).param("tenant", tenant).param("owner", OWNER)
                .update();
        return new RunningAttempt(id, 1);
    }

    private static double leaseMinutesLeft(RunningAttempt run) {
        return jdbc.sql("select extract(epoch from lease_expires_at - now()) / 60 from executions where id = :id")
                .param("id", run.execution()).query(Double.class).single();
    }
}
