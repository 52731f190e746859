package com.agentplatform.infra;

import com.agentplatform.infra.kafka.EmbeddedKafkaServer;
import com.agentplatform.infra.kafka.TopicBootstrap;
import com.agentplatform.infra.postgres.EmbeddedPostgresServer;
import com.agentplatform.infra.redis.EmbeddedRedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka (KRaft), PostgreSQL and Redis as real servers on this machine, started together and stopped together. */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    private final StackSettings settings;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;
    private final EmbeddedKafkaServer kafka;

    public EmbeddedStack(StackSettings settings) {
        this.settings = settings;
        this.postgres = new EmbeddedPostgresServer(settings.dataDir().resolve("postgres"), settings.postgresPort(), settings.database());
        this.redis = new EmbeddedRedisServer(settings.dataDir().resolve("redis"), settings.redisPort());
        this.kafka = new EmbeddedKafkaServer(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort(), settings.partitions());
    }

    public EmbeddedStack start() throws Exception {
        long started = System.nanoTime();
        redis.start();
        postgres.start();
        kafka.start();
        TopicBootstrap.ensureTopics(kafka.bootstrapServers(), settings.partitions());
        log.info("Embedded stack up in {} ms", (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /** Stops PostgreSQL only (a database outage), keeping its data for {@link #startPostgres()}. */
    public void stopPostgres() throws IOException {
        postgres.close();
    }

    public void startPostgres() throws Exception {
        postgres.start();
    }

    /** Stops the Kafka broker (an outage), keeping its log directory for {@link #startKafka()}. */
    public void stopKafka() {
        kafka.close();
    }

    public void startKafka() throws Exception {
        kafka.start();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String jdbcUsername() {
        return postgres.username();
    }

    public String jdbcPassword() {
        return postgres.password();
    }

    public String redisHost() {
        return redis.host();
    }

    public int redisPort() {
        return redis.port();
    }

    public StackSettings settings() {
        return settings;
    }

    /** The Spring Boot properties that point an application at this stack. */
    public Map<String, String> springProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", jdbcUrl());
        props.put("spring.datasource.username", jdbcUsername());
        props.put("spring.datasource.password", jdbcPassword());
        props.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        props.put("platform.gateway.redis.host", redisHost());
        props.put("platform.gateway.redis.port", Integer.toString(redisPort()));
        // Workers publish token deltas through the gateways' Redis.
        props.put("platform.worker.tokens.redis-host", redisHost());
        props.put("platform.worker.tokens.redis-port", Integer.toString(redisPort()));
        return props;
    }

    @Override
    public void close() {
        closeQuietly("Kafka", kafka);
        closeQuietly("PostgreSQL", postgres);
        closeQuietly("Redis", redis);
        if (settings.deleteOnClose()) {
            deleteRecursively(settings.dataDir());
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", root, e.toString());
        }
    }

    private static void closeQuietly(String name, AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed: {}", name, e.toString());
        }
    }
}
