package com.agentplatform.infra.kafka;

import com.agentplatform.common.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the platform's topics and makes them safe to produce to at once.
 *
 * <p>Producing right after a topic is created can loop on {@code OutOfOrderSequenceException} (KAFKA-15591). So
 * after creating a topic we wait until every partition has a leader and send one tombstone per partition
 * synchronously; consumers skip records without a value.
 */
public final class TopicBootstrap {

    private TopicBootstrap() {
    }

    public static void ensureTopics(String bootstrapServers, int partitions) throws Exception {
        Map<String, Integer> wanted = Map.of(
                Topics.EXECUTIONS_REQUESTED, partitions,
                Topics.EXECUTION_EVENTS, partitions,
                Topics.EXECUTIONS_REQUESTED_DLT, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, count) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, count, (short) 1));
                }
            });
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            List<String> names = missing.stream().map(NewTopic::name).toList();
            awaitLeaders(admin, names);
            warmUp(bootstrapServers, admin, names);
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Map<String, TopicDescription> descriptions = describedYet(admin, names);
            boolean allLed = descriptions != null && descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
            if (allLed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + names + " still have no leader after 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * The topics' descriptions, or null while the broker does not know them yet: on a busy machine its metadata can
     * lag the creation it has just acknowledged.
     */
    private static Map<String, TopicDescription> describedYet(Admin admin, List<String> names) throws Exception {
        try {
            return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private static void warmUp(String bootstrapServers, Admin admin, List<String> names) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            descriptions.forEach((name, description) -> description.partitions().forEach(partition ->
                    sent.add(producer.send(new ProducerRecord<>(name, partition.partition(), "warm-up", null)))));
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
