package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.Topics;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.worker.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The workers' consumer lag on the requests topic, per partition: the end offset minus what the group committed.
 * Offsets are committed once a claim is durable, so lag counts wake-ups no worker has taken yet. Measured from the
 * broker, not from this worker's consumer, so it is right even while consumption is paused; every worker exports
 * the same figures and dashboards take {@code max} across instances.
 */
@Component
class RequestLag extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RequestLag.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final KafkaAdmin kafkaAdmin;
    private final MultiGauge lag;
    private volatile Admin admin;

    RequestLag(KafkaAdmin kafkaAdmin, MeterRegistry meters, TaskScheduler scheduler, WorkerSettings settings) {
        super(scheduler, settings.metrics().lagInterval());
        this.kafkaAdmin = kafkaAdmin;
        this.lag = MultiGauge.builder("platform.queue.consumer.lag")
                .description("execution requests not yet taken by any worker, per partition").register(meters);
    }

    @Override
    protected void runRound() {
        try {
            lag.register(measure().entrySet().stream()
                    .map(entry -> MultiGauge.Row.of(Tags.of("partition", Integer.toString(entry.getKey().partition())),
                            entry.getValue()))
                    .toList(), true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Measuring the consumer lag failed; it keeps its last values: {}", e.toString());
        }
    }

    Map<TopicPartition, Long> measure() throws Exception {
        Admin client = admin();
        List<TopicPartition> partitions = client.describeTopics(List.of(Topics.EXECUTIONS_REQUESTED)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(Topics.EXECUTIONS_REQUESTED).partitions().stream()
                .map(info -> new TopicPartition(Topics.EXECUTIONS_REQUESTED, info.partition()))
                .toList();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(RequestListener.GROUP_ID)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(client, partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = offsets(client, partitions, OffsetSpec.earliest());
        return partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> {
            OffsetAndMetadata done = committed.get(partition);
            long from = done == null ? starts.get(partition).offset() : done.offset();
            return Math.max(0, ends.get(partition).offset() - from);
        }));
    }

    private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(Admin client,
            List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return client.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    @Override
    protected void afterStop() {
        Admin client = admin;
        if (client != null) {
            client.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
