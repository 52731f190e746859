package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.execution.ExecutionTransitions.Claimed;
import com.agentplatform.common.execution.ExecutionTransitions.Demand;
import com.agentplatform.common.execution.Outcome;
import com.agentplatform.common.execution.StepWrite;
import com.agentplatform.common.execution.ThreadMessage;
import com.agentplatform.common.execution.Usage;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.worker.MigratedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Against real PostgreSQL, the claim's thread rule and the thread messages of steps: a thread's run is claimable only
 * once the earlier runs of its thread ended; its first start writes its input as the thread's next message; a run
 * told to stop (by a later run, or its thread's deletion) writes no message and is told to stop.
 */
class ThreadRunsTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static ExecutionTransitions transitions;

    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final UUID thread = UUID.randomUUID();

    @BeforeAll
    static void connect() {
        dataSource = MigratedDatabase.open(10);
        jdbc = JdbcClient.create(dataSource);
        transitions = new ExecutionTransitions(jdbc, new ExecutionJournal(jdbc, Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        dataSource.close();
    }

    @Test
    void aThreadsSecondRunIsNotClaimedWhileItsFirstRunsButAPlainRunIs() {
        aTenantWithAThread();
        ExecutionId first = queued(1L);
        ExecutionId second = queued(2L);
        ExecutionId plain = queued(null);

        List<Claimed> claimed = claim("worker-a");

        assertThat(claimed).extracting(run -> run.attempt().execution()).containsExactlyInAnyOrder(first, plain);
        assertThat(claimed).filteredOn(run -> run.attempt().execution().equals(first))
                .extracting(Claimed::thread).containsExactly(new ExecutionTransitions.ThreadRun(thread, 1));
        assertThat(claim("worker-b")).as("another worker woken for the second run").isEmpty();

        Claimed running = claimed.stream().filter(run -> run.attempt().execution().equals(first)).findFirst().orElseThrow();
        assertThat(transitions.finish(running.attempt(), new Outcome.Succeeded("done", Usage.NONE))).isPresent();

        assertThat(claim("worker-b")).extracting(run -> run.attempt().execution()).containsExactly(second);
    }

    @Test
    void aThreadRunsFirstStartWritesItsInputAsTheThreadsNextMessage() {
        aTenantWithAThread();
        ExecutionId first = queued(1L);

        claim("worker-a");

        assertThat(jdbc.sql("select seq || ':' || role || ':' || content from thread_messages where thread_id = :thread")
                .param("thread", thread).query(String.class).list()).containsExactly("1:user:input of " + first);
    }

    @Test
    void aRunClaimedAgainAfterItsLeaseWasHandedBackWritesItsInputOnce() {
        aTenantWithAThread();
        queued(1L);
        Claimed run = claim("worker-a").getFirst();
        assertThat(transitions.handBack(run.attempt(), "shutting down")).isPresent();

        assertThat(claim("worker-b")).hasSize(1);

        assertThat(jdbc.sql("select seq || ':' || role from thread_messages where thread_id = :thread order by seq")
                .param("thread", thread).query(String.class).list()).containsExactly("1:user");
    }

    @Test
    void aStepWritesItsMessageUntilALaterRunStopsItsRun() {
        aTenantWithAThread();
        queued(1L);
        Claimed run = claim("worker-a").getFirst();

        ExecutionTransitions.StepRecorded answered = record(run, 1, "a first answer");
        jdbc.sql("update threads set stop_before = 2 where id = :thread").param("thread", thread).update();
        ExecutionTransitions.StepRecorded stopped = record(run, 2, "an answer after the interrupt");

        assertThat(answered.cancelRequested()).isFalse();
        assertThat(stopped.cancelRequested()).isTrue();
        assertThat(jdbc.sql("select seq || ':' || role || ':' || content from thread_messages where thread_id = :thread order by seq")
                .param("thread", thread).query(String.class).list())
                .containsExactly("1:user:input of " + run.attempt().execution(), "2:assistant:a first answer");
    }

    @Test
    void aRunWhoseThreadWasDeletedIsToldToStop() {
        aTenantWithAThread();
        queued(1L);
        Claimed run = claim("worker-a").getFirst();
        jdbc.sql("delete from threads where id = :thread").param("thread", thread).update();

        assertThat(record(run, 1, "nobody listens").cancelRequested()).isTrue();
        assertThat(jdbc.sql("select count(*) from thread_messages where thread_id = :thread and role = 'assistant'")
                .param("thread", thread).query(Long.class).single()).isZero();
    }

    private List<Claimed> claim(String worker) {
        return transitions.claim(worker, LEASE, List.of(new Demand(tenant, 10))).claimed();
    }

    private static ExecutionTransitions.StepRecorded record(Claimed run, int seq, String text) {
        return transitions.recordSteps(List.of(new StepWrite(run.attempt(), seq, "llm", "offline:deterministic",
                Map.of("messages", 1), Map.of("text", text), Instant.now(), 1, 1, 1,
                new ThreadMessage(run.thread().thread(), run.thread().seq(), "assistant", text, null, null)))).getFirst().orElseThrow();
    }

    private void aTenantWithAThread() {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("insert into tenants (id, name, created_at, updated_at) values (:id, :name, :now, :now)")
                .param("id", tenant.value()).param("name", "threads-" + tenant.value()).param("now", now).update();
        jdbc.sql("insert into threads (id, tenant_id, created_at, updated_at) values (:id, :tenant, :now, :now)")
                .param("id", thread).param("tenant", tenant.value()).param("now", now).update();
    }

    /** A queued execution, on the thread as run {@code runSeq}, or on none when null. */
    private ExecutionId queued(Long runSeq) {
        ExecutionId id = ExecutionId.newId();
        jdbc.sql("""
                insert into executions (id, tenant_id, agent, input, model, status, attempt, max_attempts, last_event_seq,
                                        created_at, updated_at, thread_id, thread_seq)
                values (:id, :tenant, '{"name": "t", "model": "offline:deterministic", "max_steps": 5, "timeout_seconds": 60,
                        "max_tokens": 1000}'::jsonb, :input, 'offline:deterministic', 'queued', 0, 3, 1, now(), now(),
                        :thread, :seq)""")
                .param("id", id.value()).param("tenant", tenant.value()).param("input", "input of " + id)
                .param("thread", runSeq == null ? null : thread, Types.OTHER)
                .param("seq", runSeq, Types.BIGINT)
                .update();
        return id;
    }
}
