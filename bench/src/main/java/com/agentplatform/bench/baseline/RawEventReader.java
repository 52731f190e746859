package com.agentplatform.bench.baseline;

import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.platform.BenchStack;
import com.agentplatform.common.messaging.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The SSE baseline: the very events the gateway streams, read by one plain Kafka consumer, each timed from its
 * recorded {@code created_at} to its arrival here.
 */
public final class RawEventReader implements AutoCloseable {

    private final Histogram delays = Latency.newHistogram();
    private final AtomicLong events = new AtomicLong();
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private volatile boolean stopped;

    /** Starts reading at the end of the events topic; only {@code tenantId}'s events count. */
    public RawEventReader(BenchStack stack, String tenantId) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.embedded().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<TopicPartition> partitions = IntStream.range(0, stack.partitions())
                .mapToObj(p -> new TopicPartition(Topics.EXECUTION_EVENTS, p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = Thread.ofPlatform().name("baseline-events").start(() -> {
            try (consumer) {
                while (!stopped) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        if (tenantId.equals(record.key()) && record.value() != null) {
                            Instant created = createdAt(record.value());
                            if (created != null) {
                                Latency.record(delays, Duration.between(created, Instant.now()).toNanos());
                                events.incrementAndGet();
                            }
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException closing) {
                // close() woke the poll up
            }
        });
    }

    public long events() {
        return events.get();
    }

    public Latency delays() {
        return Latency.of(delays);
    }

    private static Instant createdAt(String json) {
        String field = "\"created_at\":\"";
        int start = json.lastIndexOf(field);
        if (start < 0) {
            return null;
        }
        start += field.length();
        return Instant.parse(json.substring(start, json.indexOf('"', start)));
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
