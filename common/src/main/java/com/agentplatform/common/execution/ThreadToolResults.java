package com.agentplatform.common.execution;

import static com.agentplatform.common.execution.ExecutionJournal.timestamp;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tool call's result written to the thread of the run that made it, when something other than the run's own step
 * answers the call: a child execution's end (an agent called as a tool) or a person's rejection. The run's own steps
 * write theirs in the statement that records them. A run its thread has stopped (interrupted, rolled back, deleted),
 * or one on no thread, writes nothing.
 */
final class ThreadToolResults {

    private ThreadToolResults() {
    }

    static void add(JdbcClient jdbc, TenantId tenant, ExecutionId execution, String callId, String content, Instant now) {
        jdbc.sql("""
                with numbered as (
                    update threads t set last_message_seq = t.last_message_seq + 1
                    from executions e
                    where e.tenant_id = :tenant and e.id = :execution and e.thread_id is not null and not e.cancel_requested
                      and t.tenant_id = e.tenant_id and t.id = e.thread_id and e.thread_seq >= t.stop_before
                    returning t.id as thread_id, t.last_message_seq as seq
                )
                insert into thread_messages (thread_id, seq, tenant_id, execution_id, role, content, tool_call_id, created_at)
                select n.thread_id, n.seq, :tenant, :execution, 'tool', :content, :callId, :now from numbered n""")
                .param("tenant", tenant.value())
                .param("execution", execution.value())
                .param("content", content)
                .param("callId", callId)
                .param("now", timestamp(now))
                .update();
    }
}
