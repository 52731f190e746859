-- Workflows: stored definitions, their runs, each run's steps and events, and the durable "advance" rows that move a
-- run on when one of its child executions ends.

create table workflows (
    id           uuid        primary key,
    tenant_id    uuid        not null references tenants (id),
    name         text        not null,
    description  text,
    input_schema jsonb,
    -- the steps as the client wrote them (validated on write)
    steps        jsonb       not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index workflows_tenant on workflows (tenant_id, id);

create table workflow_runs (
    id               uuid        primary key,
    tenant_id        uuid        not null references tenants (id),
    -- not a foreign key: a run stays readable after its workflow is deleted
    workflow_id      uuid        not null,
    -- the steps as they were when the run started: an edit of the workflow never changes a run in flight
    steps            jsonb       not null,
    status           text        not null check (status in ('running', 'succeeded', 'failed', 'cancelled')),
    input            text        not null,
    metadata         jsonb,
    result           text,
    error_message    text,
    -- the run's own events (step_started, step_finished, terminal) are numbered 1, 2, 3... under the run's row lock
    last_event_seq   bigint      not null default 0,
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz
);
create index workflow_runs_tenant on workflow_runs (tenant_id, id);
create index workflow_runs_workflow on workflow_runs (tenant_id, workflow_id, id);

-- One row per step a run has reached. A leaf (agent or tool step) points at its child execution; a condition records
-- the branch it took. A step's end is written once: every update is guarded by status = 'running'.
create table workflow_run_steps (
    run_id        uuid        not null references workflow_runs (id) on delete cascade,
    step_id       text        not null,
    status        text        not null check (status in ('running', 'succeeded', 'failed', 'cancelled')),
    execution_id  uuid,
    branch        text,
    result        text,
    error_message text,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    primary key (run_id, step_id)
);

create table workflow_run_events (
    run_id     uuid        not null references workflow_runs (id) on delete cascade,
    seq        bigint      not null,
    tenant_id  uuid        not null,
    type       text        not null,
    payload    jsonb       not null,
    created_at timestamptz not null,
    primary key (run_id, seq)
);

-- A child of a run has ended: the run must advance. Written by the trigger below in the transaction of the child's
-- terminal transition, so no end can be missed whichever process wrote it; taken (SKIP LOCKED) and deleted by the
-- advancer in the transaction that applies the advance, so a crash in between leaves it for the next advancer.
create table workflow_advances (
    id           bigserial   primary key,
    run_id       uuid        not null,
    execution_id uuid,
    created_at   timestamptz not null default now()
);
create index workflow_advances_run on workflow_advances (run_id);

create function workflow_advance_for_event() returns trigger language plpgsql volatile as $$
begin
    insert into workflow_advances (run_id, execution_id)
    select e.workflow_run_id, e.id from executions e where e.id = new.execution_id and e.workflow_run_id is not null;
    if found then
        perform pg_notify('workflow_advances', '');
    end if;
    return null;
end
$$;

create trigger execution_events_workflow_advance after insert on execution_events
    for each row when (new.type in ('succeeded', 'failed', 'cancelled', 'timed_out'))
    execute function workflow_advance_for_event();

-- Webhooks announce a run's end too (workflow_run.succeeded / workflow_run.failed): such a delivery names the run, not
-- an execution. The advancer inserts it in the transaction that ends the run.
alter table webhook_deliveries alter column execution_id drop not null;
alter table webhook_deliveries add column workflow_run_id uuid;
