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
