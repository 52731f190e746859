package com.agentplatform.common.execution;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two transitions a running attempt makes most, for many attempts in one statement each: {@code recordStep}
 * (a step, its event and its usage) and {@code finish} (the terminal status and its event). Each write is fenced by
 * its attempt's lease owner and number; a write whose fence no longer holds changes nothing and gets an empty
 * answer. Used through a write buffer, so a hundred attempts' steps cost one statement and one commit.
 *
 * <p>Each statement finds its attempts by primary key, whatever the table's size and statistics: {@code e.id =
 * any(array(select id from input))} is an index condition the planner expects about ten rows from, so it never
 * prefers a scan of the table (which a join on the input alone made it choose for small tables, and which grows
 * with the table). The fence's status is read from the input ({@code i.held}), never written as a literal: {@code
 * status = 'running'} lets the planner use a partial index on running executions, and with statistics taken while
 * nothing ran (a queue filled while workers were down, a new table) it took that index for one row and scanned
 * every running execution once per batch. The input is materialized, so the planner sees a column there, not the
 * constant. {@code HotPlansTest} explains each statement under such statistics.
 */
final class AttemptWrites {

    private static final JsonMapper JSON = JsonMapping.messages();

    private final JdbcClient jdbc;
    private final Clock clock;

    AttemptWrites(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Optional<ExecutionTransitions.StepRecorded>> record(List<StepWrite> steps) {
        Instant now = clock.instant();
        int n = steps.size();
        UUID[] ids = new UUID[n];
        UUID[] tenants = new UUID[n];
        Integer[] attempts = new Integer[n];
        String[] owners = new String[n];
        Integer[] seqs = new Integer[n];
        String[] kinds = new String[n];
        String[] names = new String[n];
        String[] inputs = new String[n];
        String[] outputs = new String[n];
        String[] started = new String[n];
        Long[] durations = new Long[n];
        Long[] inTokens = new Long[n];
        Long[] outTokens = new Long[n];
        String[] payloads = new String[n];
        ThreadMessageColumns thread = new ThreadMessageColumns(n);
        for (int i = 0; i < n; i++) {
            StepWrite step = steps.get(i);
            thread.set(i, step.message());
            ids[i] = step.attempt().execution().value();
            tenants[i] = step.attempt().tenant().value();
            attempts[i] = step.attempt().number();
            owners[i] = step.attempt().leaseOwner();
            seqs[i] = step.seq();
            kinds[i] = step.kind();
            names[i] = step.name();
            inputs[i] = JSON.writeValueAsString(step.input());
            outputs[i] = JSON.writeValueAsString(step.output());
            started[i] = step.startedAt().toString();
            durations[i] = step.durationMs();
            inTokens[i] = step.inputTokens();
            outTokens[i] = step.outputTokens();
            payloads[i] = JSON.writeValueAsString(payloadOf(step));
        }
        Map<UUID, ExecutionTransitions.StepRecorded> recorded = new HashMap<>();
        boolean onThreads = thread.any();
        jdbc.sql(onThreads ? RECORD_ON_THREADS : RECORD)
                .param("ids", ids).param("tenants", tenants).param("attempts", attempts).param("owners", owners)
                .param("seqs", seqs).param("kinds", kinds).param("names", names).param("inputs", inputs)
                .param("outputs", outputs).param("started", started).param("durations", durations)
                .param("in_tokens", inTokens).param("out_tokens", outTokens).param("payloads", payloads)
                .params(onThreads ? thread.params() : Map.of())
                .param("now", Timestamp.from(now))
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    ExecutionEvent event = new ExecutionEvent(ExecutionEvent.CURRENT_VERSION, id,
                            rs.getObject("tenant_id", UUID.class), rs.getLong("seq"), ExecutionEventType.STEP,
                            ExecutionStatus.RUNNING, JSON.readTree(rs.getString("payload")), now, rs.getLong("global_seq"));
                    recorded.put(id, new ExecutionTransitions.StepRecorded(event, rs.getBoolean("cancel_requested")));
                    return id;
                })
                .list();
        List<Optional<ExecutionTransitions.StepRecorded>> answers = new ArrayList<>(n);
        for (StepWrite step : steps) {
            answers.add(Optional.ofNullable(recorded.get(step.attempt().execution().value())));
        }
        return answers;
    }

    List<Optional<ExecutionEvent>> finish(List<ExecutionTransitions.Finish> finishes) {
        Instant now = clock.instant();
        int n = finishes.size();
        UUID[] ids = new UUID[n];
        UUID[] tenants = new UUID[n];
        Integer[] attempts = new Integer[n];
        String[] owners = new String[n];
        String[] statuses = new String[n];
        String[] results = new String[n];
        String[] codes = new String[n];
        String[] messages = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            ExecutionTransitions.Finish finish = finishes.get(i);
            ExecutionStatus.RUNNING.requireCanMoveTo(finish.outcome().status());
            ids[i] = finish.attempt().execution().value();
            tenants[i] = finish.attempt().tenant().value();
            attempts[i] = finish.attempt().number();
            owners[i] = finish.attempt().leaseOwner();
            statuses[i] = finish.outcome().status().wireName();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("attempt", finish.attempt().number());
            payload.put("usage", usageOf(finish.outcome().usage()));
            switch (finish.outcome()) {
                case Outcome.Succeeded succeeded -> {
                    results[i] = succeeded.result();
                    payload.put("result", succeeded.result());
                }
                case Outcome.Failed failed -> failedWith(i, codes, messages, payload, failed.code().name(), failed.message());
                case Outcome.Cancelled cancelled -> {
                    payload.remove("usage");
                    failedWith(i, codes, messages, payload, "CANCELLED", cancelled.message());
                }
                case Outcome.TimedOut timedOut -> failedWith(i, codes, messages, payload, "TIMED_OUT", timedOut.message());
            }
            payloads[i] = JSON.writeValueAsString(payload);
        }
        lockCountersInOrder(tenants);
        Map<UUID, ExecutionEvent> ended = new HashMap<>();
        jdbc.sql(FINISH)
                .param("ids", ids).param("tenants", tenants).param("attempts", attempts).param("owners", owners)
                .param("statuses", statuses).param("results", results).param("codes", codes).param("messages", messages)
                .param("payloads", payloads).param("now", Timestamp.from(now))
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    ExecutionStatus status = ExecutionStatus.fromWireName(rs.getString("status"));
                    ended.put(id, new ExecutionEvent(ExecutionEvent.CURRENT_VERSION, id, rs.getObject("tenant_id", UUID.class),
                            rs.getLong("seq"), ExecutionEventType.announcing(status), status,
                            JSON.readTree(rs.getString("payload")), now, rs.getLong("global_seq")));
                    return id;
                })
                .list();
        List<Optional<ExecutionEvent>> answers = new ArrayList<>(n);
        for (ExecutionTransitions.Finish finish : finishes) {
            answers.add(Optional.ofNullable(ended.get(finish.attempt().execution().value())));
        }
        return answers;
    }

    /**
     * A finish changes its tenant's running count (a trigger), so a batch of several tenants' finishes locks their
     * counter rows first, in tenant order, as submit batches and claims do: transactions that lock the same rows in
     * the same order never deadlock.
     */
    private void lockCountersInOrder(UUID[] tenants) {
        UUID[] distinct = Arrays.stream(tenants).distinct().sorted().toArray(UUID[]::new);
        if (distinct.length > 1) {
            jdbc.sql("select tenant_id from tenant_counters where tenant_id = any(:tenants) order by tenant_id for update")
                    .param("tenants", distinct)
                    .query(UUID.class)
                    .list();
        }
    }

    private static void failedWith(int i, String[] codes, String[] messages, Map<String, Object> payload, String code,
            String message) {
        codes[i] = code;
        messages[i] = message;
        payload.put("error", Map.of("code", code, "message", message));
    }

    private static Map<String, Object> usageOf(Usage usage) {
        return Map.of("input_tokens", usage.inputTokens(), "output_tokens", usage.outputTokens(),
                "llm_calls", usage.llmCalls(), "tool_calls", usage.toolCalls());
    }

    private static final String FINISH = """
            with input as materialized (
                select *, text 'running' as held
                from unnest(cast(:ids as uuid[]), cast(:tenants as uuid[]), cast(:attempts as integer[]),
                            cast(:owners as text[]), cast(:statuses as text[]), cast(:results as text[]),
                            cast(:codes as text[]), cast(:messages as text[]), cast(:payloads as text[]))
                    as i(id, tenant_id, attempt, owner, status, result, code, message, payload)
            ),
            moved as (
                update executions e
                set status = i.status, result = i.result, error_code = i.code, error_message = i.message,
                    finished_at = :now, lease_owner = null, lease_expires_at = null,
                    last_event_seq = e.last_event_seq + 1, updated_at = :now
                from input i
                where e.id = any(array(select id from input)) and e.id = i.id
                  and e.tenant_id = i.tenant_id and e.status = i.held
                  and e.lease_owner = i.owner and e.attempt = i.attempt
                returning e.id, e.tenant_id, e.status, e.last_event_seq
            ),
            announced as (
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                select m.id, m.last_event_seq, m.tenant_id, m.status, m.status, cast(i.payload as jsonb), :now
                from moved m join input i on i.id = m.id
                returning execution_id as id, tenant_id, status, seq, global_seq, payload::text as payload
            )
            select id, tenant_id, status, seq, global_seq, payload from announced""";

    private static Map<String, Object> payloadOf(StepWrite step) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("step", step.seq());
        payload.put("kind", step.kind());
        payload.put("name", step.name());
        payload.put("duration_ms", step.durationMs());
        return payload;
    }

    /**
     * The step writes every batch makes: the executions' counters, the {@code step} events, the steps. A step leaves
     * {@code updated_at} alone (it is when the status last changed) and so changes no column an index reads: its row
     * version can stay on its page without index entries (V19).
     */
    private static final String STEP_WRITES = """
            moved as (
                update executions e
                set last_event_seq = e.last_event_seq + 1,
                    llm_calls = e.llm_calls + (i.kind = 'llm')::integer,
                    tool_calls = e.tool_calls + (i.kind = 'tool')::integer,
                    input_tokens = e.input_tokens + i.in_tokens,
                    output_tokens = e.output_tokens + i.out_tokens
                from input i
                where e.id = any(array(select id from input)) and e.id = i.id
                  and e.tenant_id = i.tenant_id and e.status = i.held
                  and e.lease_owner = i.owner and e.attempt = i.attempt
                returning e.id, e.tenant_id, e.last_event_seq, e.cancel_requested
            ),
            announced as (
                insert into execution_events (execution_id, seq, tenant_id, type, status, payload, created_at)
                select m.id, m.last_event_seq, m.tenant_id, 'step', 'running', cast(i.payload as jsonb), :now
                from moved m join input i on i.id = m.id
                returning execution_id, tenant_id, seq, global_seq, payload::text as payload
            ),
            stored as (
                insert into execution_steps (execution_id, seq, tenant_id, attempt, kind, name, input, output,
                                             started_at, duration_ms, input_tokens, output_tokens)
                select i.id, i.seq, i.tenant_id, i.attempt, i.kind, i.name, cast(i.input as jsonb),
                       cast(i.output as jsonb), cast(i.started_at as timestamptz), i.duration_ms, i.in_tokens, i.out_tokens
                from input i join moved m on m.id = i.id
                -- A call that writes was stored as an intent before it was sent: its result completes that same step.
                on conflict (execution_id, seq) do update
                    set output = excluded.output, duration_ms = excluded.duration_ms
                    where execution_steps.output ->> 'intent' is not null
            )
            """;

    // One attempt never has two steps in one batch (it waits for each to be recorded), so the joins on id are exact.
    private static final String RECORD = """
            with input as materialized (
                select *, text 'running' as held
                from unnest(cast(:ids as uuid[]), cast(:tenants as uuid[]), cast(:attempts as integer[]),
                            cast(:owners as text[]), cast(:seqs as integer[]), cast(:kinds as text[]),
                            cast(:names as text[]), cast(:inputs as text[]), cast(:outputs as text[]),
                            cast(:started as text[]), cast(:durations as bigint[]), cast(:in_tokens as bigint[]),
                            cast(:out_tokens as bigint[]), cast(:payloads as text[]))
                    as i(id, tenant_id, attempt, owner, seq, kind, name, input, output, started_at, duration_ms,
                         in_tokens, out_tokens, payload)
            ),
            """ + STEP_WRITES + """
            select a.execution_id as id, a.tenant_id, a.seq, a.global_seq, a.payload,
                   a.execution_id = any(array(select m.id from moved m where m.cancel_requested)) as cancel_requested
            from announced a""";

    /**
     * {@link #RECORD} for a batch that holds steps of runs on threads, which also write their thread messages. A batch
     * of runs on no thread takes the plain statement: the thread part costs a plan and two empty writes a statement.
     * A thread has one run going at a time (the claim's rule), so one batch never holds two messages of one thread.
     */
    private static final String RECORD_ON_THREADS = """
            with input as materialized (
                select *, text 'running' as held
                from unnest(cast(:ids as uuid[]), cast(:tenants as uuid[]), cast(:attempts as integer[]),
                            cast(:owners as text[]), cast(:seqs as integer[]), cast(:kinds as text[]),
                            cast(:names as text[]), cast(:inputs as text[]), cast(:outputs as text[]),
                            cast(:started as text[]), cast(:durations as bigint[]), cast(:in_tokens as bigint[]),
                            cast(:out_tokens as bigint[]), cast(:payloads as text[]), cast(:threads as uuid[]),
                            cast(:run_seqs as bigint[]), cast(:roles as text[]), cast(:contents as text[]),
                            cast(:tool_calls as text[]), cast(:tool_call_ids as text[]))
                    as i(id, tenant_id, attempt, owner, seq, kind, name, input, output, started_at, duration_ms,
                         in_tokens, out_tokens, payload, thread_id, run_seq, role, content, tool_calls, tool_call_id)
            ),
            """ + STEP_WRITES + ",\n" + """
            -- A run on a thread numbers its message on the thread, unless it was told to stop (cancelled, interrupted or
            -- rolled back by a later run, or its thread deleted): then it writes no message and stops.
            numbered as (
                update threads t
                set last_message_seq = t.last_message_seq + 1
                from input i join moved m on m.id = i.id
                where i.thread_id is not null and t.tenant_id = i.tenant_id and t.id = i.thread_id
                  and not m.cancel_requested and i.run_seq >= t.stop_before
                returning i.id, t.last_message_seq as message_seq
            ),
            said as (
                insert into thread_messages (thread_id, seq, tenant_id, execution_id, role, content, tool_calls,
                                             tool_call_id, created_at)
                select i.thread_id, n.message_seq, i.tenant_id, i.id, i.role, i.content, cast(i.tool_calls as jsonb),
                       i.tool_call_id, :now
                from numbered n join input i on i.id = n.id
            )
            select m.id, m.tenant_id, m.cancel_requested or (i.thread_id is not null and n.id is null) as cancel_requested,
                   a.seq, a.global_seq, a.payload
            from moved m join announced a on a.execution_id = m.id join input i on i.id = m.id
            left join numbered n on n.id = m.id""";
}
