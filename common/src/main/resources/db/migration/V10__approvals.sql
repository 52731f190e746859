-- Runs that pause for a person's decision on a tool call (human approval). A waiting execution has no lease and no
-- attempt running; the tenant counters (V4, V8) count only queued and running executions, so waiting frees the
-- tenant's concurrency slot by itself and takes no queue room.
alter table executions drop constraint executions_status_check;
alter table executions add constraint executions_status_check
    check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'timed_out'));

-- What the run waits for ({call_id, tool, arguments, requested_at, expires_at}), shown on the execution; null unless
-- waiting. approval_expires_at is its deadline, waiting_since when the current wait began.
alter table executions add column pending_approval jsonb;
alter table executions add column approval_expires_at timestamptz;
alter table executions add column waiting_since timestamptz;
-- Time spent waiting over all of the run's approvals: timeout_seconds counts running time only.
alter table executions add column waited_ms bigint not null default 0;

-- The expiry sweeper's scan (every worker runs it): waiting executions, soonest deadline first.
create index executions_approval_expiry on executions (approval_expires_at) where status = 'waiting';

-- Stored agents' approval settings (inline agents carry them in the execution's agent snapshot).
alter table agents add column require_approval text[] not null default '{}';
alter table agents add column approval_timeout_seconds integer;

-- Waiting executions are bounded per tenant: each counts against max_queued_executions (it will be queued again when
-- decided, and keeps its place meanwhile), so a tenant cannot pile up paused runs without end. The counters learn the
-- new status; a change between two other statuses still costs nothing.
alter table tenant_counters add column waiting integer not null default 0 check (waiting >= 0);
update tenant_counters c
set waiting = (select count(*) from executions e where e.tenant_id = c.tenant_id and e.status = 'waiting');

create or replace function tenant_counters_track() returns trigger language plpgsql as $$
declare
    queued_delta  integer := 0;
    running_delta integer := 0;
    waiting_delta integer := 0;
begin
    if tg_op in ('UPDATE', 'DELETE') then
        queued_delta := queued_delta - (old.status = 'queued')::integer;
        running_delta := running_delta - (old.status = 'running')::integer;
        waiting_delta := waiting_delta - (old.status = 'waiting')::integer;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        queued_delta := queued_delta + (new.status = 'queued')::integer;
        running_delta := running_delta + (new.status = 'running')::integer;
        waiting_delta := waiting_delta + (new.status = 'waiting')::integer;
    end if;
    if queued_delta <> 0 or running_delta <> 0 or waiting_delta <> 0 then
        update tenant_counters
        set queued = queued + queued_delta, running = running + running_delta, waiting = waiting + waiting_delta
        where tenant_id = coalesce(new.tenant_id, old.tenant_id);
    end if;
    return null;
end
$$;
