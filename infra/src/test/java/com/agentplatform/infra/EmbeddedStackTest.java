package com.agentplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.messaging.Topics;
import com.agentplatform.infra.kafka.EmbeddedKafkaServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

class EmbeddedStackTest {

    private final EmbeddedStack stack = SharedTestStack.get();

    @Test
    void postgresAcceptsDurableWrites() throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUsername(), stack.jdbcPassword());
                ResultSet rs = connection.createStatement().executeQuery(
                        "select current_setting('fsync'), current_setting('synchronous_commit'), current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
            assertThat(rs.getString(2)).isEqualTo("on");
            assertThat(rs.getString(3)).isEqualTo("agentplatform");
        }
    }

    @Test
    void redisAnswersCommands() {
        try (RedisClient redis = RedisClient.builder().hostAndPort(stack.redisHost(), stack.redisPort()).build()) {
            redis.set("stack-test", "ok");
            assertThat(redis.get("stack-test")).isEqualTo("ok");
        }
    }

    @Test
    void kafkaHasThePlatformTopicsAndRoundTripsARecord() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .contains(Topics.EXECUTIONS_REQUESTED, Topics.EXECUTION_EVENTS, Topics.EXECUTIONS_REQUESTED_DLT);
        }
        String topic = Topics.EXECUTIONS_REQUESTED_DLT;
        String value = UUID.randomUUID().toString();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "tenant", value)).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "stack-test-" + value);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (var record : records) {
                    seen |= value.equals(record.value());
                }
            }
            assertThat(seen).as("record read back from the broker").isTrue();
        }
    }

    @Test
    void testStacksGetFourDifferentPorts() {
        for (int i = 0; i < 50; i++) {
            StackSettings settings = StackSettings.forTests();
            assertThat(List.of(settings.kafkaPort(), settings.kafkaControllerPort(), settings.postgresPort(), settings.redisPort()))
                    .doesNotHaveDuplicates();
            settings.dataDir().toFile().delete();
        }
    }

    /** Another process may take a port chosen as free before the server binds it: the start fails and stops cleanly. */
    @Test
    void aBrokerWhosePortIsTakenFailsToStartAndLeavesNothingRunning(@TempDir Path logDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0); ServerSocket controller = new ServerSocket(0)) {
            int controllerPort = controller.getLocalPort();
            controller.close();
            EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(logDir, taken.getLocalPort(), controllerPort, 1);
            assertThatThrownBy(kafka::start).as("started on a port another process holds").isNotNull();
            kafka.close();
            try (ServerSocket again = new ServerSocket(controllerPort)) {
                assertThat(again.isBound()).as("the controller's port was given back").isTrue();
            }
        }
    }
}
