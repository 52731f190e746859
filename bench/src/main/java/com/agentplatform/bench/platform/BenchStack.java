package com.agentplatform.bench.platform;

import static org.awaitility.Awaitility.await;

import com.agentplatform.common.messaging.Topics;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.StackSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The embedded stack (durable PostgreSQL: fsync and synchronous commit on) plus what the benchmarks do to it from the
 * outside: baseline topics, a small connection pool, and a reset between scenarios.
 */
public final class BenchStack implements AutoCloseable {

    /** The worker's consumer group, whose backlog a reset skips. */
    private static final String WORKER_GROUP = "execution-workers";

    private final EmbeddedStack stack;
    private final Admin admin;
    private HikariDataSource database;

    private BenchStack(EmbeddedStack stack) {
        this.stack = stack;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    public static BenchStack start() {
        try {
            return new BenchStack(new EmbeddedStack(StackSettings.forTests()).start());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded stack", e);
        }
    }

    public EmbeddedStack embedded() {
        return stack;
    }

    public int partitions() {
        return stack.settings().partitions();
    }

    /** A pool onto the platform's database; only once the gateway has migrated the schema. */
    public synchronized HikariDataSource database() {
        if (database == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(stack.jdbcUrl());
            config.setUsername(stack.jdbcUsername());
            config.setPassword(stack.jdbcPassword());
            config.setMaximumPoolSize(4);
            config.setPoolName("bench-admin");
            database = new HikariDataSource(config);
        }
        return database;
    }

    /** A keyed topic for baselines, safe to produce to at once (see the fresh-topic race in STACK.md). */
    public void createTopic(String name) {
        try {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(name, partitions(), (short) 1))).all().get(30, TimeUnit.SECONDS);
            await(name + " leaders").atMost(Duration.ofSeconds(30)).until(() ->
                    admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().stream()
                            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty()));
            try (KafkaProducer<String, String> producer = producer()) {
                for (int partition = 0; partition < partitions(); partition++) {
                    producer.send(new ProducerRecord<>(name, partition, null, null)).get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /** A producer with the platform's producer settings (acks=all, idempotent, linger 1 ms). */
    public KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /**
     * Forgets every execution, so one scenario's rows do not slow the next one's queries; with no worker running, also
     * moves the workers' group past any wake-ups nobody consumed (a scenario that ran without a worker).
     */
    public void reset(boolean workerStopped) {
        try (Connection connection = database().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("truncate execution_steps, execution_events, outbox, executions");
            // A truncate fires no row triggers: the tenants' queued and running counters start over by hand.
            statement.execute("update tenant_counters set queued = 0, running = 0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset the database", e);
        }
        if (workerStopped) {
            skipWorkerBacklog();
        }
    }

    private void skipWorkerBacklog() {
        try {
            List<TopicPartition> partitions = IntStream.range(0, partitions())
                    .mapToObj(p -> new TopicPartition(Topics.EXECUTIONS_REQUESTED, p)).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            admin.alterConsumerGroupOffsets(WORKER_GROUP, ends).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not skip the workers' backlog", e);
        }
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
        admin.close();
        stack.close();
    }
}
