package com.agentplatform.gateway.sse;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The last event each execution has stored, for many executions in one query: at every ping only the streams that are
 * behind read their missed events, instead of every stream asking the database on its own.
 */
@Component
class LatestEvents {

    private final JdbcClient jdbc;

    LatestEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The last stored {@code seq} of each execution that exists among {@code executions}. */
    Map<UUID, Long> of(Collection<UUID> executions) {
        Map<UUID, Long> latest = new HashMap<>();
        if (executions.isEmpty()) {
            return latest;
        }
        jdbc.sql("select id, last_event_seq from executions where id = any(:ids)")
                .param("ids", executions.toArray(UUID[]::new))
                .query(rs -> {
                    latest.put(rs.getObject("id", UUID.class), rs.getLong("last_event_seq"));
                });
        return latest;
    }
}
