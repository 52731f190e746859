package com.agentplatform.gateway.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ids of messages Kafka acknowledged, deleted from the outbox in batches: one DELETE per round instead of one
 * per submit, and never on the producer's I/O thread.
 */
@Component
class PublishedMessages {

    private static final int BATCH = 1_000;

    private final ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
    private final JdbcClient jdbc;

    PublishedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(long id) {
        ids.add(id);
    }

    /** Deletes what has been acknowledged so far; returns how many rows went. */
    int flush() {
        int deleted = 0;
        while (!ids.isEmpty()) {
            List<Long> batch = new ArrayList<>(BATCH);
            Long id;
            while (batch.size() < BATCH && (id = ids.poll()) != null) {
                batch.add(id);
            }
            deleted += jdbc.sql("delete from outbox where id in (:ids)").param("ids", batch).update();
        }
        return deleted;
    }
}
