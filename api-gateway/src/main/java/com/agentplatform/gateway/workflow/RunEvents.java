package com.agentplatform.gateway.workflow;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A run's own event log and its children's events, read for its stream. */
@Repository
class RunEvents {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

    private final JdbcClient jdbc;

    RunEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A run event ({@code execution} null) or a child's event, with its JSON data as the stream sends it. */
    record Event(UUID execution, long seq, String type, String data, Instant at) {
    }

    Optional<Instant> timeOf(UUID run, long seq) {
        return jdbc.sql("select created_at from workflow_run_events where run_id = :run and seq = :seq")
                .param("run", run)
                .param("seq", seq)
                .query((rs, row) -> instant(rs, "created_at"))
                .optional();
    }

    /** Run events after {@code seq} and child events after {@code childrenAfter} not yet seen, in time order. */
    List<Event> after(UUID run, long seq, Instant childrenAfter, Map<UUID, Long> childSeen) {
        List<Event> events = new ArrayList<>(jdbc.sql("""
                select seq, type, payload::text as payload, created_at from workflow_run_events
                where run_id = :run and seq > :seq order by seq""")
                .param("run", run)
                .param("seq", seq)
                .query((rs, row) -> new Event(null, rs.getLong("seq"), rs.getString("type"),
                        withRun(rs.getString("payload"), run, rs.getLong("seq"), rs.getString("type")), instant(rs, "created_at")))
                .list());
        jdbc.sql("""
                select ee.execution_id, ee.seq, ee.type, ee.status, ee.payload::text as payload, ee.created_at
                from execution_events ee join executions e on e.id = ee.execution_id
                where e.workflow_run_id = :run and ee.created_at > :after
                order by ee.created_at, ee.execution_id, ee.seq""")
                .param("run", run)
                .param("after", timestamp(childrenAfter))
                .query((rs, row) -> {
                    UUID execution = rs.getObject("execution_id", UUID.class);
                    long childSeq = rs.getLong("seq");
                    if (childSeq <= childSeen.getOrDefault(execution, 0L)) {
                        return null;
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("execution_id", execution.toString());
                    data.put("seq", childSeq);
                    data.put("type", rs.getString("type"));
                    data.put("status", rs.getString("status"));
                    data.put("payload", WorkflowRepository.JSON.readTree(rs.getString("payload")));
                    return new Event(execution, childSeq, rs.getString("type"), WorkflowRepository.JSON.writeValueAsString(data),
                            instant(rs, "created_at"));
                })
                .list()
                .stream().filter(event -> event != null).forEach(events::add);
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private static String withRun(String payload, UUID run, long seq, String type) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run_id", run.toString());
        data.put("seq", seq);
        data.put("type", type);
        data.put("payload", WorkflowRepository.JSON.readTree(payload));
        return WorkflowRepository.JSON.writeValueAsString(data);
    }
}
