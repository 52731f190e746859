package com.agentplatform.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Against real PostgreSQL, the delivery rows' claim and retention: an endpoint's bound of deliveries in flight holds
 * across every worker claiming at once (each sender here stands for a worker: all they share is the database), a full
 * endpoint holds back no other endpoint, and settled deliveries past their retention are deleted by one sweep at a time.
 */
class WebhookDeliveriesTest {

    private static final int BOUND = 8;
    private static final Duration LEASE = Duration.ofSeconds(20);

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private static WebhookDeliveries deliveries;

    private final UUID tenant = UUID.randomUUID();
    private final UUID execution = UUID.randomUUID();

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.open(12);
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        deliveries = new WebhookDeliveries(jdbc, transactions);
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    /** Claims see every due delivery in the database: earlier tests' endpoints are switched off. */
    @BeforeEach
    void onlyThisTestsEndpointsAreEnabled() {
        jdbc.sql("update webhook_endpoints set enabled = false where enabled").update();
        Instant now = Instant.now();
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "webhooks-" + tenant).param("now", at(now)).update();
        jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, created_at,
                                        updated_at, finished_at, result)
                values (:id, :tenant, '{}'::jsonb, 'x', 'offline:deterministic', 'succeeded', 1, 3, :now, :now, :now, 'done')""")
                .param("id", execution).param("tenant", tenant).param("now", at(now)).update();
    }

    @Test
    void sixWorkersClaimingAtOnceSendNoMoreThanTheBoundToOneEndpoint() throws Exception {
        UUID endpoint = endpoint();
        due(endpoint, 40, Instant.now().minusSeconds(1));

        List<WebhookDeliveries.Claimed> claimed = claimAtOnce(6);

        assertThat(claimed).hasSize(BOUND).allSatisfy(delivery -> assertThat(delivery.endpoint()).isEqualTo(endpoint));
        assertThat(claimed).extracting(WebhookDeliveries.Claimed::id).doesNotHaveDuplicates();
        assertThat(claim()).as("a later round of any worker, with all eight still in flight").isEmpty();
    }

    @Test
    void settlingOneDeliveryOrItsLeasePassingMakesRoomForOneMore() {
        UUID endpoint = endpoint();
        due(endpoint, 20, Instant.now().minusSeconds(1));
        List<WebhookDeliveries.Claimed> first = claim();
        assertThat(first).hasSize(BOUND);

        deliveries.succeeded(first.getFirst(), 204, 12);
        assertThat(claim()).hasSize(1);

        // A worker that died mid-send: its lease passes, and the endpoint has room again.
        jdbc.sql("update webhook_deliveries set sending_until = now() - interval '1 second' where id = :id")
                .param("id", first.get(1).id()).update();
        assertThat(claim()).hasSize(1);
    }

    @Test
    void anEndpointAtItsBoundHoldsBackNoOtherEndpointHoweverManyOfItsDeliveriesAreDueFirst() {
        UUID slow = endpoint();
        UUID quick = endpoint();
        due(slow, 600, Instant.now().minusSeconds(60));
        assertThat(claim()).hasSize(BOUND);
        due(quick, 3, Instant.now().minusSeconds(1));

        List<WebhookDeliveries.Claimed> claimed = claim();

        assertThat(claimed).extracting(WebhookDeliveries.Claimed::endpoint).containsExactly(quick, quick, quick);
    }

    @Test
    void aDisabledEndpointsBacklogHoldsBackNoEnabledEndpoint() {
        UUID disabled = endpoint();
        due(disabled, 600, Instant.now().minusSeconds(120));
        jdbc.sql("update webhook_endpoints set enabled = false where id = :id").param("id", disabled).update();
        UUID enabled = endpoint();
        due(enabled, 2, Instant.now().minusSeconds(1));

        assertThat(claim()).extracting(WebhookDeliveries.Claimed::endpoint).containsExactly(enabled, enabled);
    }

    @Test
    void settledDeliveriesPastTheirRetentionAreDeletedInBatchesAndPendingOnesAreKept() {
        UUID endpoint = endpoint();
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(31));
        List<UUID> oldSettled = new ArrayList<>();
        oldSettled.addAll(settled(endpoint, "succeeded", 5, old));
        oldSettled.addAll(settled(endpoint, "failed", 2, old));
        List<UUID> kept = new ArrayList<>(due(endpoint, 1, old));
        kept.addAll(settled(endpoint, "succeeded", 1, now.minus(Duration.ofDays(29))));
        Instant before = now.minus(Duration.ofDays(30));

        assertThat(deliveries.deleteSettled(before, 4)).isEqualTo(4);
        assertThat(deliveries.deleteSettled(before, 4)).isEqualTo(3);
        assertThat(deliveries.deleteSettled(before, 4)).isZero();

        assertThat(idsOf(endpoint)).containsExactlyInAnyOrderElementsOf(kept).doesNotContainAnyElementsOf(oldSettled);
    }

    @Test
    void aRetentionRoundDeletesTheWholeBacklogBatchAfterBatch() {
        UUID endpoint = endpoint();
        settled(endpoint, "succeeded", 5, Instant.now().minus(Duration.ofDays(31)));
        List<UUID> recent = settled(endpoint, "failed", 1, Instant.now().minus(Duration.ofDays(1)));
        WebhookSettings settings = new WebhookSettings(true, Duration.ofMillis(250), 64, BOUND, Duration.ofSeconds(10),
                List.of(Duration.ofSeconds(5)), 0.2, Duration.ofDays(5), 65536, List.of(), Duration.ofDays(30),
                Duration.ofMinutes(1), 2);

        new WebhookRetention(deliveries, settings, new SimpleAsyncTaskScheduler(), Clock.systemUTC()).runRound();

        assertThat(idsOf(endpoint)).containsExactlyElementsOf(recent);
    }

    @Test
    void aSweepWhileAnotherWorkersSweepHoldsTheLockDeletesNothing() {
        UUID endpoint = endpoint();
        settled(endpoint, "succeeded", 3, Instant.now().minus(Duration.ofDays(40)));
        Instant before = Instant.now().minus(Duration.ofDays(30));

        Integer whileHeld = transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('webhook_deliveries_retention'))").query().singleRow();
            try (ExecutorService other = Executors.newSingleThreadExecutor()) {
                return other.submit(() -> deliveries.deleteSettled(before, 10)).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(whileHeld).isZero();
        assertThat(idsOf(endpoint)).hasSize(3);
        assertThat(deliveries.deleteSettled(before, 10)).isEqualTo(3);
    }

    private List<WebhookDeliveries.Claimed> claim() {
        Instant now = Instant.now();
        return deliveries.claim(now, now.plus(LEASE), 64, BOUND);
    }

    /** {@code workers} claims started together, each on its own connection, as on separate workers. */
    private List<WebhookDeliveries.Claimed> claimAtOnce(int workers) throws Exception {
        List<Callable<List<WebhookDeliveries.Claimed>>> rounds = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            rounds.add(this::claim);
        }
        List<WebhookDeliveries.Claimed> claimed = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (Future<List<WebhookDeliveries.Claimed>> round : pool.invokeAll(rounds)) {
                claimed.addAll(round.get());
            }
        }
        return claimed;
    }

    private UUID endpoint() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_endpoints (id, tenant_id, url, events, secret, created_at, updated_at)
                values (:id, :tenant, 'http://127.0.0.1:9/hooks', array['execution.succeeded'], 'enc:v1:test', now(), now())""")
                .param("id", id).param("tenant", tenant).update();
        return id;
    }

    private List<UUID> due(UUID endpoint, int count, Instant at) {
        return deliveries(endpoint, "pending", count, at, at);
    }

    private List<UUID> settled(UUID endpoint, String status, int count, Instant created) {
        return deliveries(endpoint, status, count, created, null);
    }

    private List<UUID> deliveries(UUID endpoint, String status, int count, Instant created, Instant nextAttempt) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            // Apart by a millisecond each, so "oldest first" is one order.
            Instant at = created.plusMillis(i);
            jdbc.sql("""
                    insert into webhook_deliveries (id, endpoint_id, tenant_id, event_type, execution_id, event_at, status,
                                                    next_attempt_at, created_at)
                    values (:id, :endpoint, :tenant, 'execution.succeeded', :execution, :at, :status, :next, :at)""")
                    .param("id", id).param("endpoint", endpoint).param("tenant", tenant).param("execution", execution)
                    .param("at", at(at)).param("status", status)
                    .param("next", nextAttempt == null ? null : at(nextAttempt.plusMillis(i)), Types.TIMESTAMP_WITH_TIMEZONE)
                    .update();
            ids.add(id);
        }
        return ids;
    }

    private List<UUID> idsOf(UUID endpoint) {
        return jdbc.sql("select id from webhook_deliveries where endpoint_id = :endpoint")
                .param("endpoint", endpoint).query(UUID.class).list();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
