package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.common.execution.ExecutionChange;
import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.execution.Guard;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.e2e.ApiClient.LiveStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * {@code GET /v1/events} when transactions commit out of order: events of different executions are written by
 * different transactions, held open here by hand, with and without their Kafka message. The stream runs on a
 * second gateway pinging every half second, so what Kafka never brings comes at the next ping.
 */
@Timeout(120)
class TenantStreamOrderTest {

    private static final Duration PING = Duration.ofMillis(500);

    private static Platform platform;
    private static ConfigurableApplicationContext quickGateway;
    private static ApiClient quick;

    @BeforeAll
    static void boot() {
        platform = Platform.get();
        quickGateway = Platform.extraGateway(Map.of("platform.gateway.sse.ping-interval", PING.toMillis() + "ms"));
        quick = Platform.clientOf(quickGateway);
    }

    @AfterAll
    static void stop() {
        quickGateway.close();
    }

    @Test
    void anEventWhoseTransactionCommitsLastIsNotSkippedAndEitherEventIsAnExactResumePoint() throws Exception {
        Tenants.Created tenant = Tenants.create();
        ExecutionId first = execution(tenant);
        ExecutionId second = execution(tenant);
        try (LiveStream stream = open(tenant, null)) {
            try (Connection early = transaction(); Connection late = transaction()) {
                step(early, tenant, first);                     // takes its place first...
                ExecutionEvent committed = step(late, tenant, second);
                late.commit();                                  // ...but this one commits first
                publish(committed);                             // and its live event arrives at once

                // The live event must not overtake the event still in flight: it would be skipped on resume.
                await().during(PING.multipliedBy(3)).atMost(PING.multipliedBy(4)).until(() -> stream.events.isEmpty());
                early.commit();                                 // no Kafka message for this one, ever
            }
            await().atMost(PING.multipliedBy(6)).until(() -> stream.events.size() == 2);
            assertThat(stream.rawIds()).containsExactly(first + ":1", second + ":1");
        }

        try (LiveStream afterFirst = open(tenant, first + ":1")) {
            await().atMost(PING.multipliedBy(6)).until(() -> afterFirst.events.size() == 1);
            assertThat(afterFirst.rawIds()).containsExactly(second + ":1");
        }
        try (LiveStream afterSecond = open(tenant, second + ":1"); Connection later = transaction()) {
            step(later, tenant, first);
            later.commit();
            await().atMost(PING.multipliedBy(6)).until(() -> afterSecond.events.size() == 1);
            assertThat(afterSecond.rawIds()).containsExactly(first + ":2");
        }
    }

    @Test
    void anExecutionsEventsKeepTheirOrderWhenAnOlderTransactionWritesTheNextOne() throws Exception {
        Tenants.Created tenant = Tenants.create();
        ExecutionId busy = execution(tenant);
        ExecutionId other = execution(tenant);
        try (LiveStream stream = open(tenant, null);
                Connection older = transaction(); Connection newer = transaction()) {
            step(older, tenant, other);                         // the older transaction takes its id
            step(newer, tenant, busy);                          // busy:1, by a younger transaction, locks busy's row
            CompletableFuture<ExecutionEvent> next = CompletableFuture.supplyAsync(() -> step(older, tenant, busy));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !next.isDone());
            newer.commit();                                     // busy:2 can now be written, by the older transaction
            assertThat(next.get(10, TimeUnit.SECONDS).seq()).isEqualTo(2);
            older.commit();

            await().atMost(PING.multipliedBy(6)).until(() -> stream.events.size() == 3);
            assertThat(stream.rawIds()).containsSubsequence(busy + ":1", busy + ":2");
        }
    }

    /**
     * An execution's own stream repairs a missed live event at the next ping too. The gateway reads the last stored
     * event of every followed execution in one query per round, and only a stream that is behind reads its events.
     */
    @Test
    void anExecutionsStreamGetsAnEventKafkaNeverBroughtAtTheNextPing() throws Exception {
        Tenants.Created tenant = Tenants.create();
        ExecutionId running = execution(tenant, ExecutionStatus.RUNNING);
        try (LiveStream stream = quick.followPath(tenant.key(), "/v1/executions/" + running + "/events", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.status != 0);
            assertThat(stream.status).isEqualTo(200);
            await().during(PING.multipliedBy(2)).atMost(PING.multipliedBy(3)).until(() -> stream.events.isEmpty());
            try (Connection transaction = transaction()) {
                step(transaction, tenant, running, ExecutionStatus.RUNNING); // committed, never published
                transaction.commit();
            }
            await().atMost(PING.multipliedBy(6)).until(() -> stream.events.size() == 1);
            assertThat(stream.rawIds()).containsExactly("1");
        }
    }

    private static LiveStream open(Tenants.Created tenant, String lastEventId) {
        LiveStream stream = quick.followPath(tenant.key(), "/v1/events", lastEventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.status != 0);
        assertThat(stream.status).isEqualTo(200);
        return stream;
    }

    /** A finished execution with no events yet: tests write its events themselves, nothing else touches it. */
    private static ExecutionId execution(Tenants.Created tenant) {
        return execution(tenant, ExecutionStatus.CANCELLED);
    }

    /**
     * An execution with no events yet, in {@code status}; a running one holds a lease no worker will see expire during
     * the test, so nothing but the test touches it either.
     */
    private static ExecutionId execution(Tenants.Created tenant, ExecutionStatus status) {
        ExecutionId id = ExecutionId.newId();
        boolean running = status == ExecutionStatus.RUNNING;
        Instant now = Instant.now();
        platform.gateway.getBean(JdbcClient.class).sql("""
                insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, last_event_seq,
                                        lease_owner, lease_expires_at, created_at, updated_at, started_at, finished_at)
                values (:id, :tenant, cast('{}' as jsonb), 'held by hand', 'offline:deterministic', :status, :attempt, 3, 0,
                        :owner, :leaseEnd, :now, :now, :now, :finished)""")
                .param("id", id.value())
                .param("tenant", UUID.fromString(tenant.id()))
                .param("status", status.wireName())
                .param("attempt", running ? 1 : 0)
                .param("owner", running ? "held-by-hand" : null)
                .param("leaseEnd", running ? ExecutionJournal.timestamp(now.plus(Duration.ofHours(1))) : null)
                .param("now", ExecutionJournal.timestamp(now))
                .param("finished", running ? null : ExecutionJournal.timestamp(now))
                .update();
        return id;
    }

    private static Connection transaction() throws SQLException {
        Connection connection = platform.gateway.getBean(DataSource.class).getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    /** Appends a step event the way every transition does (guarded update and insert in one statement). */
    private static ExecutionEvent step(Connection transaction, Tenants.Created tenant, ExecutionId execution) {
        return step(transaction, tenant, execution, ExecutionStatus.CANCELLED);
    }

    private static ExecutionEvent step(Connection transaction, Tenants.Created tenant, ExecutionId execution,
            ExecutionStatus status) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(transaction, true));
        return new ExecutionJournal(jdbc, Clock.systemUTC()).apply(new ExecutionChange(new TenantId(UUID.fromString(tenant.id())),
                        execution, Guard.status(status), status, ExecutionEventType.STEP, Map.of("by", "hand"), List.of()))
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static void publish(ExecutionEvent event) throws Exception {
        platform.gateway.getBean(KafkaTemplate.class)
                .send(Topics.EXECUTION_EVENTS, event.tenantId().toString(), MessageCodec.encode(event))
                .get(10, TimeUnit.SECONDS);
    }
}
