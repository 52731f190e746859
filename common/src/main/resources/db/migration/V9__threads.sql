-- Threads: conversations whose runs see the earlier messages. A thread's messages are an append-only log written by
-- its runs, each in the transaction of the step (or the claim) that produced it.
create table threads (
    id               uuid        primary key,
    tenant_id        uuid        not null references tenants (id),
    metadata         jsonb,
    -- The number given to the thread's last run: runs execute in this order, one at a time.
    last_run_seq     bigint      not null default 0,
    -- The number of the thread's last message (messages are numbered 1, 2, 3… and a number is never given twice,
    -- even when a rollback removes messages).
    last_message_seq bigint      not null default 0,
    -- Runs numbered below this were interrupted or rolled back by a later submit: they stop at their next step
    -- boundary and write no more messages.
    stop_before      bigint      not null default 0,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create index threads_tenant_created on threads (tenant_id, id desc);

-- No foreign key to threads: deleting a thread deletes its messages itself, and a run still stopping on a deleted
-- thread must never fail the step batch it shares with other runs.
create table thread_messages (
    thread_id    uuid        not null,
    seq          bigint      not null,
    tenant_id    uuid        not null,
    execution_id uuid        not null,
    role         text        not null check (role in ('user', 'assistant', 'tool')),
    content      text,
    tool_calls   jsonb,
    tool_call_id text,
    created_at   timestamptz not null,
    primary key (thread_id, seq)
);
-- A rollback removes the messages of the runs it cancels.
create index thread_messages_execution on thread_messages (execution_id);

-- An execution's thread, kept when the thread is deleted (like agent_id): the record of what ran.
alter table executions add column thread_id uuid;
alter table executions add column thread_seq bigint;

-- The claim's rule ("no earlier run of the thread is queued, running or waiting") and a thread's status read only
-- the thread's unfinished runs: this index holds nothing else, so a thread of a thousand turns costs what one costs.
create index executions_thread_active on executions (thread_id, thread_seq)
    where thread_id is not null and status in ('queued', 'running', 'waiting');
-- A thread's runs (the thread stream, its executions).
create index executions_thread on executions (tenant_id, thread_id, id) where thread_id is not null;

-- How many tokens of a thread's earlier messages a run of the agent sees (null: the platform's default).
alter table agents add column history_tokens integer;
