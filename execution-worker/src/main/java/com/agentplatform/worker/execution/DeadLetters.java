package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.worker.observe.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Parks requests that can never run, with the reason and where they came from, so the partition moves on. */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, String> kafka;
    private final WorkerMetrics metrics;
    private final PublishFailures exhaustedFailures = new PublishFailures(log, "Dead letter of",
            "the execution is failed in PostgreSQL all the same; only the copy for operators is missing");

    DeadLetters(KafkaTemplate<String, String> kafka, WorkerMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** A request whose execution ran out of attempts, for operators to inspect or replay. */
    void parkExhausted(ExecutionRequested request) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.EXECUTIONS_REQUESTED_DLT, request.tenantId().toString(),
                MessageCodec.encode(request));
        letter.headers().add("dlt-reason", "ATTEMPTS_EXHAUSTED".getBytes(StandardCharsets.UTF_8));
        String name = request.executionId() + " (attempts exhausted)";
        try {
            kafka.send(letter).whenComplete((result, failure) -> {
                if (failure != null) {
                    exhaustedFailures.failed(name, failure);
                }
            });
        } catch (RuntimeException e) {
            exhaustedFailures.failed(name, e);
        }
        metrics.deadLettered("attempts_exhausted");
    }

    /** Synchronous: the source offset is committed only after the dead letter is safely written. */
    void park(ConsumerRecord<String, String> source, String reason) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.EXECUTIONS_REQUESTED_DLT, source.key(), source.value());
        letter.headers()
                .add("dlt-reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("dlt-source", (source.topic() + "-" + source.partition() + "@" + source.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(letter).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write dead letter for " + source.topic() + "-" + source.partition()
                    + "@" + source.offset(), e);
        }
        log.warn("Dead-lettered {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        metrics.deadLettered(reason.startsWith("unparseable") ? "unparseable" : reason.startsWith("unknown") ? "unknown_tenant"
                : reason.startsWith("record key") ? "key_mismatch" : "other");
    }
}
