package com.agentplatform.gateway.thread;

import static com.agentplatform.common.execution.ExecutionJournal.instant;
import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Threads and their messages; every method takes the tenant first. */
@Repository
class ThreadRepository {

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /**
     * A thread's status from its unfinished runs (the partial index holds only those). A status this gateway does not
     * know yet counts as busy: the thread is not idle while anything of it is unfinished.
     */
    private static final String COLUMNS = """
            t.id, t.metadata::text as metadata, t.created_at, t.updated_at,
            (select case when bool_or(e.status = 'waiting') then 'waiting' when count(*) > 0 then 'busy' else 'idle' end
             from executions e
             where e.thread_id = t.id and e.status in ('queued', 'running', 'waiting')) as status""";

    private final JdbcClient jdbc;

    ThreadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }


    long count(TenantId tenant) {
        return jdbc.sql("select count(*) from threads where tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Long.class)
                .single();
    }

    void insert(TenantId tenant, UUID id, String metadataJson, Instant now) {
        jdbc.sql("""
                insert into threads (id, tenant_id, metadata, created_at, updated_at)
                values (:id, :tenant, cast(:metadata as jsonb), :now, :now)""")
                .param("id", id)
                .param("tenant", tenant.value())
                .param("metadata", metadataJson, Types.VARCHAR)
                .param("now", timestamp(now))
                .update();
    }

    Optional<ThreadView> find(TenantId tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from threads t where t.tenant_id = :tenant and t.id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(ThreadRepository::view)
                .optional();
    }

    /** Newest first; {@code after} is the last id of the previous page; one row more than {@code limit}. */
    List<ThreadView> list(TenantId tenant, UUID after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from threads t
                where t.tenant_id = :tenant and (cast(:after as uuid) is null or t.id < :after)
                order by t.id desc
                limit :limit""")
                .param("tenant", tenant.value())
                .param("after", after, Types.OTHER)
                .param("limit", limit + 1)
                .query(ThreadRepository::view)
                .list();
    }

    boolean replaceMetadata(TenantId tenant, UUID id, String metadataJson, Instant now) {
        return jdbc.sql("""
                update threads set metadata = cast(:metadata as jsonb), updated_at = :now
                where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant.value())
                .param("id", id)
                .param("metadata", metadataJson, Types.VARCHAR)
                .param("now", timestamp(now))
                .update() == 1;
    }

    /**
     * Deletes the thread and its messages; false when the tenant has no such thread. Its runs still running learn it
     * at their next step (their statement finds no thread) and stop.
     */
    boolean delete(TenantId tenant, UUID id) {
        boolean deleted = jdbc.sql("delete from threads where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .update() == 1;
        if (deleted) {
            jdbc.sql("delete from thread_messages where tenant_id = :tenant and thread_id = :id")
                    .param("tenant", tenant.value())
                    .param("id", id)
                    .update();
        }
        return deleted;
    }

    /** The thread's queued runs, which a deletion cancels at once. */
    /** The thread's runs in {@code status}, in their order on the thread. */
    List<UUID> runsIn(TenantId tenant, UUID thread, ExecutionStatus status) {
        return jdbc.sql("""
                select id from executions
                where thread_id = :thread and status = :status and tenant_id = :tenant
                order by thread_seq""")
                .param("tenant", tenant.value())
                .param("thread", thread)
                .param("status", status.wireName())
                .query(UUID.class)
                .list();
    }

    /** Oldest first, after message {@code afterSeq}; one row more than {@code limit}. */
    List<ThreadMessageView> messages(TenantId tenant, UUID thread, long afterSeq, int limit) {
        return jdbc.sql("""
                select seq, role, content, tool_calls::text as tool_calls, tool_call_id, execution_id, created_at
                from thread_messages
                where thread_id = :thread and tenant_id = :tenant and seq > :after
                order by seq
                limit :limit""")
                .param("tenant", tenant.value())
                .param("thread", thread)
                .param("after", afterSeq)
                .param("limit", limit + 1)
                .query((rs, row) -> {
                    String calls = rs.getString("tool_calls");
                    return new ThreadMessageView(rs.getLong("seq"), rs.getString("role"), rs.getString("content"),
                            calls == null ? null : JSON.readTree(calls), rs.getString("tool_call_id"),
                            rs.getObject("execution_id", UUID.class), instant(rs, "created_at"));
                })
                .list();
    }

    private static ThreadView view(ResultSet rs, int row) throws SQLException {
        String metadata = rs.getString("metadata");
        return new ThreadView(rs.getObject("id", UUID.class), rs.getString("status"),
                metadata == null ? null : JSON.readValue(metadata, MAP), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
