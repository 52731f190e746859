package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.agentplatform.common.execution.ExecutionEventType;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.ExecutionRequested;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * With Kafka unreachable, what the worker fails to publish is logged at WARN: operators must see messages being
 * lost, not find out from a stalled stream. The producer is a real Kafka client whose broker is not there.
 */
class PublishFailureLoggingTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private DefaultKafkaProducerFactory<String, String> producers;
    private KafkaTemplate<String, String> kafka;

    @BeforeEach
    void kafkaIsDown() throws IOException {
        int nobodyListens;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobodyListens = socket.getLocalPort();
        }
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + nobodyListens,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        kafka = new KafkaTemplate<>(producers);
        logged.start();
        for (Class<?> publisher : new Class<?>[] {EventPublisher.class, WakeUps.class}) {
            ((Logger) LoggerFactory.getLogger(publisher)).addAppender(logged);
        }
    }

    @AfterEach
    void stopProducing() {
        for (Class<?> publisher : new Class<?>[] {EventPublisher.class, WakeUps.class}) {
            ((Logger) LoggerFactory.getLogger(publisher)).detachAppender(logged);
        }
        producers.destroy();
    }

    @Test
    void anEventThatCannotBePublishedIsLoggedAtWarn() {
        UUID execution = UUID.randomUUID();

        new EventPublisher(kafka).publish(new ExecutionEvent(ExecutionEvent.CURRENT_VERSION, execution, UUID.randomUUID(), 3,
                ExecutionEventType.STEP, ExecutionStatus.RUNNING, JsonMapping.messages().createObjectNode(), Instant.now(), 0));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logged.list)
                .anySatisfy(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.WARN);
                    assertThat(line.getFormattedMessage()).contains("Event " + execution + "#3 not published");
                }));
    }

    @Test
    void aWakeUpThatCannotBePublishedIsLoggedAtWarn() {
        ExecutionId execution = ExecutionId.newId();

        new WakeUps(kafka).send(ExecutionRequested.of(execution, new TenantId(UUID.randomUUID()), 2, Instant.now()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logged.list)
                .anySatisfy(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.WARN);
                    assertThat(line.getFormattedMessage()).contains("Wake-up " + execution + " (attempt 2) not published");
                }));
    }
}
