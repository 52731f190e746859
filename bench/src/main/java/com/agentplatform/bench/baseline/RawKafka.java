package com.agentplatform.bench.baseline;

import static org.awaitility.Awaitility.await;

import com.agentplatform.bench.measure.Latency;
import com.agentplatform.bench.measure.LoadResult;
import com.agentplatform.bench.measure.OpenLoop;
import com.agentplatform.bench.platform.BenchStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The queue-wait baseline: raw Kafka produce → consume latency, with the platform's producer settings, keyed records
 * sent by the same fixed-rate schedule as the platform's submits, read by one plain consumer.
 */
public final class RawKafka {

    static final String TOPIC = "bench.baseline-queue";

    private RawKafka() {
    }

    /** Sends {@code count} records at {@code rate} per second over {@code keys} keys; returns send-to-receive latency. */
    public static Latency produceToConsume(BenchStack stack, double rate, long count, List<String> keys) {
        stack.createTopic(TOPIC);
        Histogram latency = Latency.newHistogram();
        AtomicLong received = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = consumer(stack); KafkaProducer<String, String> producer = stack.producer()) {
            List<TopicPartition> partitions = IntStream.range(0, stack.partitions()).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anything is sent
            Thread reader = Thread.ofPlatform().name("baseline-consumer").start(() -> {
                while (!Thread.currentThread().isInterrupted() && received.get() < count) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value() != null) {
                            Latency.record(latency, System.nanoTime() - Long.parseLong(record.value()));
                            received.incrementAndGet();
                        }
                    }
                }
            });
            LoadResult sending = OpenLoop.run(rate, count, 10_000, () -> {
                String key = keys.get((int) Math.floorMod(sent.getAndIncrement(), (long) keys.size()));
                producer.send(new ProducerRecord<>(TOPIC, key, Long.toString(System.nanoTime())));
                return true;
            });
            await("baseline records consumed").atMost(Duration.ofSeconds(60)).until(() -> received.get() >= sending.succeeded());
            reader.interrupt();
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Latency.of(latency);
    }

    private static KafkaConsumer<String, String> consumer(BenchStack stack) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.embedded().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
    }
}
