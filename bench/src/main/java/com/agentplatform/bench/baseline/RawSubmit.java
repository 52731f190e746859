package com.agentplatform.bench.baseline;

import com.agentplatform.bench.platform.BenchStack;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The submit baseline: the gateway's transaction without the gateway. The execution row, its first event and its outbox
 * row commit in one transaction through a plain JDBC pool of the gateway's size, then the wake-up is sent to Kafka
 * with the platform's producer settings and the send is awaited.
 */
public final class RawSubmit implements AutoCloseable {

    static final String TOPIC = "bench.baseline-submits";

    private static final String AGENT = """
            {"name":null,"description":null,"instructions":null,"model":"simulated:default","tools":[],\
            "max_steps":20,"timeout_seconds":300,"max_tokens":100000}""";

    private final HikariDataSource pool;
    private final KafkaProducer<String, String> producer;
    private final List<UUID> tenants;
    private final AtomicInteger next = new AtomicInteger();

    public RawSubmit(BenchStack stack, int tenants) {
        stack.createTopic(TOPIC);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(stack.embedded().jdbcUrl());
        config.setUsername(stack.embedded().jdbcUsername());
        config.setPassword(stack.embedded().jdbcPassword());
        config.setMaximumPoolSize(20); // the gateway's pool
        config.setPoolName("baseline-submits");
        this.pool = new HikariDataSource(config);
        this.producer = stack.producer();
        this.tenants = Stream.generate(this::insertTenant).limit(tenants).toList();
    }

    /** One submit; true once committed and acknowledged by Kafka. */
    public boolean submit() throws Exception {
        UUID tenant = tenants.get(Math.floorMod(next.getAndIncrement(), tenants.size()));
        UUID id = UuidV7.next();
        Instant now = Instant.now();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        String message = MessageCodec.encode(ExecutionRequested.of(new ExecutionId(id), new TenantId(tenant), 1, now));
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertExecution(connection, tenant, id, at);
                insertQueuedEvent(connection, tenant, id, at);
                insertOutbox(connection, tenant, message, at);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        producer.send(new ProducerRecord<>(TOPIC, tenant.toString(), message)).get(30, TimeUnit.SECONDS);
        return true;
    }

    private static void insertExecution(Connection connection, UUID tenant, UUID id, OffsetDateTime at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into executions (id, tenant_id, agent_id, agent, input, model, metadata, status, attempt,
                                        max_attempts, last_event_seq, idempotency_key, request_hash, created_at, updated_at)
                values (?, ?, null, cast(? as jsonb), ?, 'simulated:default', null, 'queued', 0, 3, 1, null, null, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, tenant);
            insert.setString(3, AGENT);
            insert.setString(4, "Hello from the benchmarks");
            insert.setObject(5, at);
            insert.setObject(6, at);
            insert.executeUpdate();
        }
    }

    private static void insertQueuedEvent(Connection connection, UUID tenant, UUID id, OffsetDateTime at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                values (?, 1, ?, 'queued', 'queued', cast('{"attempt":0}' as jsonb), ?) returning global_seq""")) {
            insert.setObject(1, id);
            insert.setObject(2, tenant);
            insert.setObject(3, at);
            try (ResultSet globalSeq = insert.executeQuery()) {
                globalSeq.next(); // the gateway reads the global sequence back too
            }
        }
    }

    private static void insertOutbox(Connection connection, UUID tenant, String message, OffsetDateTime at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into outbox (topic, message_key, payload, created_at) values (?, ?, ?, ?) returning id")) {
            insert.setString(1, TOPIC);
            insert.setString(2, tenant.toString());
            insert.setString(3, message);
            insert.setObject(4, at);
            try (ResultSet id = insert.executeQuery()) {
                id.next(); // the id names the message for its deletion once published
            }
        }
    }

    /** The baseline's executions need a tenant row to belong to. */
    private UUID insertTenant() {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into tenants (id, name, created_at, updated_at) values (?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, "baseline-" + id);
            insert.setObject(3, now);
            insert.setObject(4, now);
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the baseline tenant", e);
        }
    }

    @Override
    public void close() {
        producer.close();
        pool.close();
    }
}
