package com.agentplatform.gateway.outbox;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.observe.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox: {@link #add} inside the business transaction, {@link #publish} after it commits. A
 * message is deleted once Kafka acknowledged it; whatever is left is published by the {@link OutboxRelay}.
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final PublishedMessages published;
    private final TraceContext traces;
    private final Clock clock;
    private final Timer publishLag;
    private final java.util.concurrent.ExecutorService sending = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    Outbox(JdbcClient jdbc, KafkaTemplate<String, String> kafka, PublishedMessages published, TraceContext traces,
            Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.published = published;
        this.traces = traces;
        this.clock = clock;
        this.publishLag = Timer.builder("platform.outbox.publish.lag").description("commit to Kafka acknowledgement")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(1))
                .register(meters);
    }

    /**
     * Must run inside the transaction that makes the change the message announces. The current trace context goes
     * with the message, so its consumer joins the trace of the request that caused it.
     */
    public OutboxMessage add(String topic, String key, String payload, Instant now) {
        return add(topic, key, payload, now, traces.currentTraceParent());
    }

    /** As {@link #add(String, String, String, Instant)}, with a trace context the caller already read. */
    public OutboxMessage add(String topic, String key, String payload, Instant now, String traceParent) {
        long id = jdbc.sql("""
                insert into outbox (topic, message_key, payload, created_at, trace_parent)
                values (:topic, :key, :payload, :now, :traceParent) returning id""")
                .param("topic", topic)
                .param("key", key)
                .param("payload", payload)
                .param("now", timestamp(now))
                .param("traceParent", traceParent, java.sql.Types.VARCHAR)
                .query(Long.class)
                .single();
        return new OutboxMessage(id, topic, key, payload, now, traceParent);
    }

    /**
     * The fast path, after commit, off the request thread: with Kafka down a send can block for its metadata, and the
     * client's 202 must not wait for that. A failure here only delays the message until the relay's next round.
     */
    public void publish(OutboxMessage message) {
        sending.execute(() -> send(message));
    }

    private void send(OutboxMessage message) {
        try {
            send(message, () -> published.add(message.id())).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.warn("Publishing outbox message {} failed; the relay will retry: {}", message.id(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Publishing outbox message {} failed; the relay will retry: {}", message.id(), e.toString());
        }
    }

    /** Sends one message with its trace header; {@code acknowledged} runs when Kafka has it. */
    CompletableFuture<?> send(OutboxMessage message, Runnable acknowledged) {
        ProducerRecord<String, String> record = new ProducerRecord<>(message.topic(), message.key(), message.payload());
        if (message.traceParent() != null) {
            record.headers().add(Topics.TRACE_PARENT_HEADER, message.traceParent().getBytes(StandardCharsets.US_ASCII));
        }
        return kafka.send(record).thenRun(() -> {
            publishLag.record(Duration.between(message.createdAt(), clock.instant()));
            acknowledged.run();
        });
    }

    List<OutboxMessage> lockUnpublished(Instant olderThan, int limit) {
        return jdbc.sql("""
                select id, topic, message_key, payload, created_at, trace_parent from outbox
                where created_at < :cutoff
                order by id
                limit :limit
                for update skip locked""")
                .param("cutoff", timestamp(olderThan))
                .param("limit", limit)
                .query((rs, row) -> new OutboxMessage(rs.getLong("id"), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("payload"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("trace_parent")))
                .list();
    }

    void delete(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from outbox where id in (:ids)").param("ids", ids).update();
        }
    }
}
