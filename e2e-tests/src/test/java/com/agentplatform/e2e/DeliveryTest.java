package com.agentplatform.e2e;

import static com.agentplatform.e2e.ApiClient.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.e2e.ApiClient.LiveStream;
import com.agentplatform.e2e.Calculations.Submitted;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The paths that are not the happy fast path: live fan-out, the outbox relay, poison records. */
@Timeout(120)
class DeliveryTest {

    private static Platform platform;

    @BeforeAll
    static void bootPlatform() {
        platform = Platform.get();
    }

    @Test
    void aStreamOpenedBeforeTheRunGetsEveryLaterEventLiveAndInOrder() throws Exception {
        MessageListenerContainer requests = Platform.workerRequests();
        requests.pause();
        await().atMost(Duration.ofSeconds(15)).until(requests::isContainerPaused);
        LiveStream stream;
        try {
            Submitted execution = Calculations.submit(ACME, 42);
            stream = platform.api.follow(ACME, execution.id());
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.types().contains("queued"));
            assertThat(stream.types()).containsExactly("queued");
        } finally {
            requests.resume();
        }
        // The SSE ping (and its database catch-up) is a minute away: these events can only come live from Kafka.
        stream.done.get(30, TimeUnit.SECONDS);
        assertThat(stream.types()).containsExactly("queued", "running", "step", "step", "step", "succeeded");
        assertThat(stream.ids()).containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
    }

    @Test
    void anExecutionWhoseWakeUpWasNeverPublishedIsRelayedFromTheOutbox() {
        // What a gateway that died between commit and publish leaves behind: the rows, and no Kafka record.
        JdbcClient jdbc = platform.gateway.getBean(JdbcClient.class);
        TenantId acme = new TenantId(jdbc.sql("select id from tenants where name = 'acme'").query(UUID.class).single());
        ExecutionId id = ExecutionId.newId();
        Instant now = Instant.now();
        platform.gateway.getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(tx -> {
            jdbc.sql("""
                    insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, last_event_seq, created_at, updated_at)
                    values (:id, :tenant, cast(:agent as jsonb), 'What is 20 + 22?', 'offline:deterministic', 'queued', 0, 3, 1, :now, :now)""")
                    .param("id", id.value())
                    .param("tenant", acme.value())
                    .param("agent", """
                            {"name":"relayed","model":"offline:deterministic","tools":["calculator"],"max_steps":10,"timeout_seconds":60,"max_tokens":10000}""")
                    .param("now", ExecutionJournal.timestamp(now))
                    .update();
            new ExecutionJournal(jdbc, Clock.systemUTC()).insertEvent(acme, id, 1, ExecutionEventType.QUEUED,
                    ExecutionStatus.QUEUED, Map.of("attempt", 0), now);
            jdbc.sql("insert into outbox (topic, message_key, payload, created_at) values (:topic, :key, :payload, :now)")
                    .param("topic", Topics.EXECUTIONS_REQUESTED)
                    .param("key", acme.toString())
                    .param("payload", MessageCodec.encode(ExecutionRequested.of(id, acme, 1, now)))
                    .param("now", ExecutionJournal.timestamp(now))
                    .update();
        });

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "succeeded".equals(platform.api.get(ACME, "/v1/executions/" + id).body().get("status").asString()));
        assertThat(platform.api.get(ACME, "/v1/executions/" + id).body().get("result").asString()).isEqualTo("The answer is 42.");
        assertThat(jdbc.sql("select count(*) from outbox where payload like :id").param("id", "%" + id + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void poisonRequestsAreDeadLetteredAndOthersKeepFlowing() throws Exception {
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> kafka = platform.gateway.getBean(KafkaTemplate.class);
        String marker = UUID.randomUUID().toString();
        ExecutionRequested unknown = ExecutionRequested.of(ExecutionId.newId(), new TenantId(UUID.randomUUID()), 1, Instant.now());
        String unknownJson = MessageCodec.encode(unknown).replace("}", ",\"marker\":\"" + marker + "\"}");
        String tenantKey = unknown.tenantId().toString();
        kafka.send(Topics.EXECUTIONS_REQUESTED, tenantKey, "{not json " + marker).get(10, TimeUnit.SECONDS);
        kafka.send(Topics.EXECUTIONS_REQUESTED, tenantKey, unknownJson).get(10, TimeUnit.SECONDS);
        kafka.send(Topics.EXECUTIONS_REQUESTED, UUID.randomUUID().toString(), unknownJson).get(10, TimeUnit.SECONDS);

        Submitted healthy = Calculations.submit(ACME, 5);
        Calculations.awaitStatus(healthy, "succeeded");

        List<ConsumerRecord<String, String>> dead = readDeadLetters(marker, 3);
        assertThat(dead).extracting(record -> new String(record.headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8))
                .hasSize(3)
                .anySatisfy(reason -> assertThat(reason).startsWith("unparseable ExecutionRequested"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("unknown tenant " + unknown.tenantId()))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("record key does not match tenant_id"));
    }

    private static List<ConsumerRecord<String, String>> readDeadLetters(String marker, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + marker);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.EXECUTIONS_REQUESTED_DLT));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() != null && record.value().contains(marker)) {
                        found.add(record);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
