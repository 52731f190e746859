-- Cron-scheduled runs. A gateway's firing round claims due rows with FOR UPDATE SKIP LOCKED and advances
-- next_run_at (guarded by its old value) in the transaction that inserts the tick's execution, so each tick makes one
-- execution however many gateways poll.
create table schedules (
    id                uuid        primary key,
    tenant_id         uuid        not null references tenants (id),
    cron              text        not null,
    timezone          text        not null,
    agent_id          uuid,
    agent             jsonb,
    input             text        not null,
    metadata          jsonb,
    enabled           boolean     not null,
    overlap           text        not null check (overlap in ('skip', 'allow')),
    -- null when the expression has no future tick
    next_run_at       timestamptz,
    -- the schedule's latest execution, which overlap "skip" looks at
    last_execution_id uuid,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);

create index schedules_due on schedules (next_run_at) where enabled;
create index schedules_of_tenant on schedules (tenant_id, id);

-- Which executions a schedule made (ticks and manual triggers); a tick makes at most one.
create table schedule_executions (
    schedule_id  uuid        not null,
    execution_id uuid        not null,
    tenant_id    uuid        not null,
    tick         timestamptz,
    primary key (schedule_id, execution_id)
);

create unique index schedule_executions_one_per_tick on schedule_executions (schedule_id, tick) where tick is not null;
