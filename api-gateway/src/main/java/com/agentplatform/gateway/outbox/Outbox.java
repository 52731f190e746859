package com.agentplatform.gateway.outbox;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
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
    private final java.util.concurrent.ExecutorService sending = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    Outbox(JdbcClient jdbc, KafkaTemplate<String, String> kafka, PublishedMessages published) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.published = published;
    }

    /** Must run inside the transaction that makes the change the message announces. */
    public OutboxMessage add(String topic, String key, String payload, Instant now) {
        long id = jdbc.sql("""
                insert into outbox (topic, message_key, payload, created_at)
                values (:topic, :key, :payload, :now) returning id""")
                .param("topic", topic)
                .param("key", key)
                .param("payload", payload)
                .param("now", timestamp(now))
                .query(Long.class)
                .single();
        return new OutboxMessage(id, topic, key, payload);
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
            kafka.send(message.topic(), message.key(), message.payload()).whenComplete((result, failure) -> {
                if (failure == null) {
                    published.add(message.id());
                } else {
                    log.warn("Publishing outbox message {} failed; the relay will retry: {}", message.id(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Publishing outbox message {} failed; the relay will retry: {}", message.id(), e.toString());
        }
    }

    List<OutboxMessage> lockUnpublished(Instant olderThan, int limit) {
        return jdbc.sql("""
                select id, topic, message_key, payload from outbox
                where created_at < :cutoff
                order by id
                limit :limit
                for update skip locked""")
                .param("cutoff", timestamp(olderThan))
                .param("limit", limit)
                .query((rs, row) -> new OutboxMessage(rs.getLong("id"), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("payload")))
                .list();
    }

    void delete(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from outbox where id in (:ids)").param("ids", ids).update();
        }
    }
}
