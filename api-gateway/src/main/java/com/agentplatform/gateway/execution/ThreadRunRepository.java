package com.agentplatform.gateway.execution;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The thread rows a submit on a thread reads and writes; every method takes the tenant first. */
@Repository
class ThreadRunRepository {

    private final JdbcClient jdbc;

    ThreadRunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the thread's row until the transaction ends ({@code for no key update}: its messages, which reference it,
     * can still be written meanwhile) and returns the number of its last run; empty when the tenant has no such thread.
     */
    Optional<Long> lockForRun(TenantId tenant, UUID thread) {
        return jdbc.sql("select last_run_seq from threads where tenant_id = :tenant and id = :id for no key update")
                .param("tenant", tenant.value())
                .param("id", thread)
                .query(Long.class)
                .optional();
    }

    /** A run of the thread that is queued, running or waiting. */
    record Unfinished(UUID id, String status) {

        boolean queued() {
            return "queued".equals(status);
        }

        boolean waiting() {
            return "waiting".equals(status);
        }
    }

    List<Unfinished> unfinishedRuns(TenantId tenant, UUID thread) {
        return jdbc.sql("""
                select id, status from executions
                where thread_id = :thread and status in ('queued', 'running', 'waiting') and tenant_id = :tenant
                order by thread_seq""")
                .param("tenant", tenant.value())
                .param("thread", thread)
                .query((rs, row) -> new Unfinished(rs.getObject("id", UUID.class), rs.getString("status")))
                .list();
    }

    /**
     * Gives the new run its number; when it stops the earlier runs, every run numbered below it is told to stop at its
     * next step (and writes no more messages).
     */
    void recordRun(TenantId tenant, UUID thread, long runSeq, boolean stopEarlier, Instant now) {
        jdbc.sql("""
                update threads set last_run_seq = :seq, updated_at = :now,
                    stop_before = case when :stop then :seq else stop_before end
                where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant.value())
                .param("id", thread)
                .param("seq", runSeq)
                .param("stop", stopEarlier)
                .param("now", timestamp(now))
                .update();
    }

    void placeOnThread(TenantId tenant, ExecutionId execution, UUID thread, long runSeq) {
        jdbc.sql("update executions set thread_id = :thread, thread_seq = :seq where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .param("thread", thread)
                .param("seq", runSeq)
                .update();
    }

    /** A rollback: the messages the rolled-back runs wrote so far (they write no more once told to stop). */
    void removeMessagesOf(TenantId tenant, UUID thread, List<UUID> executions) {
        jdbc.sql("delete from thread_messages where tenant_id = :tenant and thread_id = :thread and execution_id = any(:ids)")
                .param("tenant", tenant.value())
                .param("thread", thread)
                .param("ids", executions.toArray(UUID[]::new))
                .update();
    }

    /** The thread of an execution, if it runs on one. */
    Optional<UUID> threadOf(TenantId tenant, ExecutionId execution) {
        return jdbc.sql("select thread_id from executions where tenant_id = :tenant and id = :id and thread_id is not null")
                .param("tenant", tenant.value())
                .param("id", execution.value())
                .query(UUID.class)
                .optional();
    }
}
