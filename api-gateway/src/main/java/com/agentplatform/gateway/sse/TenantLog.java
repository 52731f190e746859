package com.agentplatform.gateway.sse;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A tenant's event log in commit order, as the tenant-wide stream reads it (and a thread's stream, which reads the
 * events of the thread's executions only: every method takes a thread, null for the whole tenant). An event is <em>final</em> when its
 * {@code commit_order} is below the oldest transaction still running ({@code pg_snapshot_xmin}): every transaction
 * that could still commit an event has a larger one, so nothing will ever appear before a final event that is not
 * there already. Readers only ever go as far as the final events; the rest waits for the next read.
 */
@Repository
class TenantLog {

    private static final String COLUMNS = """
            execution_id, tenant_id, seq, type, status, payload::text as payload, created_at, global_seq,
            commit_order::text::bigint as commit_order""";

    private final JdbcClient jdbc;

    TenantLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One event and where it stands. */
    record Entry(ExecutionEvent event, LogPosition position) {
    }

    /**
     * @param entries  the final events after the position asked for, in order
     * @param full     the limit was reached: there may be more final events
     * @param heldBack events after these exist but are not final yet (an older transaction is still running)
     */
    record Read(List<Entry> entries, boolean full, boolean heldBack) {
    }

    /** Events of one thread's executions only. */
    private static final String ON_THREAD = """
            and execution_id in (select id from executions where tenant_id = :tenant and thread_id = :thread)""";

    private static String threadFilter(UUID thread) {
        return thread == null ? "" : ON_THREAD;
    }

    /** The final events after {@code after}, at most {@code limit} of them. */
    Read finalAfter(TenantId tenant, LogPosition after, int limit) {
        return finalAfter(tenant, null, after, limit);
    }

    /** The final events after {@code after} of the thread's executions (all of the tenant's when null). */
    Read finalAfter(TenantId tenant, UUID thread, LogPosition after, int limit) {
        JdbcClient.StatementSpec statement = jdbc.sql("""
                select %s, commit_order < pg_snapshot_xmin(pg_current_snapshot()) as is_final
                from execution_events
                where tenant_id = :tenant
                  and (commit_order, global_seq) > (cast(cast(:after_order as text) as xid8), :after_global) %s
                order by commit_order, global_seq
                limit :limit""".formatted(COLUMNS, threadFilter(thread)));
        if (thread != null) {
            statement = statement.param("thread", thread);
        }
        List<Row> rows = statement
                .param("tenant", tenant.value())
                .param("after_order", after.commitOrder())
                .param("after_global", after.globalSeq())
                .param("limit", limit)
                .query((rs, row) -> new Row(entry(rs, row), rs.getBoolean("is_final")))
                .list();
        List<Entry> entries = new ArrayList<>();
        for (Row row : rows) {
            if (!row.isFinal()) {
                return new Read(entries, false, true);
            }
            entries.add(row.entry());
        }
        return new Read(entries, rows.size() == limit, false);
    }

    /**
     * The events after {@code after} up to {@code upTo} (which a reader reached, so all of them are final), of the
     * thread's executions (all of the tenant's when null).
     */
    List<Entry> between(TenantId tenant, UUID thread, LogPosition after, LogPosition upTo, int limit) {
        JdbcClient.StatementSpec statement = jdbc.sql("""
                select %s
                from execution_events
                where tenant_id = :tenant
                  and (commit_order, global_seq) > (cast(cast(:after_order as text) as xid8), :after_global)
                  and (commit_order, global_seq) <= (cast(cast(:to_order as text) as xid8), :to_global) %s
                order by commit_order, global_seq
                limit :limit""".formatted(COLUMNS, threadFilter(thread)));
        if (thread != null) {
            statement = statement.param("thread", thread);
        }
        return statement
                .param("tenant", tenant.value())
                .param("after_order", after.commitOrder())
                .param("after_global", after.globalSeq())
                .param("to_order", upTo.commitOrder())
                .param("to_global", upTo.globalSeq())
                .param("limit", limit)
                .query(TenantLog::entry)
                .list();
    }

    /** Where event {@code seq} of an execution stands, if it is this tenant's. */
    Optional<LogPosition> positionOf(TenantId tenant, ExecutionId execution, long seq) {
        return jdbc.sql("""
                select commit_order::text::bigint as commit_order, global_seq from execution_events
                where tenant_id = :tenant and execution_id = :id and seq = :seq""")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .param("seq", seq)
                .query((rs, row) -> position(rs))
                .optional();
    }

    /** Whether the tenant has this thread. */
    boolean hasThread(TenantId tenant, UUID thread) {
        return jdbc.sql("select 1 from threads where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", thread)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** Which of these executions run on the thread (an execution's thread never changes, so answers can be kept). */
    Set<UUID> onThread(TenantId tenant, UUID thread, Collection<UUID> executions) {
        return new HashSet<>(jdbc.sql("select id from executions where tenant_id = :tenant and thread_id = :thread and id = any(:ids)")
                .param("tenant", tenant.value())
                .param("thread", thread)
                .param("ids", executions.toArray(UUID[]::new))
                .query(UUID.class)
                .list());
    }

    /** The last final event of the tenant: where a reader that wants only what comes next starts. */
    LogPosition finalEnd(TenantId tenant) {
        return jdbc.sql("""
                select commit_order::text::bigint as commit_order, global_seq from execution_events
                where tenant_id = :tenant and commit_order < pg_snapshot_xmin(pg_current_snapshot())
                order by commit_order desc, global_seq desc
                limit 1""")
                .param("tenant", tenant.value())
                .query((rs, row) -> position(rs))
                .optional()
                .orElse(LogPosition.START);
    }

    private record Row(Entry entry, boolean isFinal) {
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(ExecutionJournal.mapEvent(rs, row), position(rs));
    }

    private static LogPosition position(ResultSet rs) throws SQLException {
        return new LogPosition(rs.getLong("commit_order"), rs.getLong("global_seq"));
    }
}
