-- What an execution's life costs the database, measured statement by statement (submit, claim, three steps, finish):
-- most of it is writing executions rows and their index entries, and trigger calls per row.

-- A step changes only columns no index reads (its counters and last_event_seq; it no longer sets updated_at, which
-- now means "status last changed", the only meaning its readers use), so its new row version can stay on the same
-- page without new index entries (a HOT update), if the page has room: leave a fifth of each new page for them.
alter table executions set (fillfactor = 80);

-- Both are covered by other indexes and cost an entry on every submit or claim: a tenant's queued executions by
-- executions_claimable (tenant_id, id) with the same predicate, its running ones by executions_tenant_status
-- (tenant_id, status). The running one was also the index stale statistics made the worker's batch statements scan.
drop index executions_tenant_queued;
drop index executions_tenant_running;

-- The queued/running/waiting counters, once per statement instead of once per row: a claim or a finish of a hundred
-- executions updated the tenant's counter row a hundred times (a trigger call and a row version each); now it is one
-- update per tenant per statement, from the rows whose status the statement changed. Transition tables cannot go
-- with a column list, so the trigger sees every update of executions and counts only the rows whose status moved.
-- The counter rows a statement changes are locked in tenant order beforehand by every statement that moves several
-- tenants' executions at once (claims, finish batches), as before.
drop trigger executions_count_status on executions;

create function tenant_counters_moved() returns trigger language plpgsql as $$
begin
    update tenant_counters c
    set queued = c.queued + d.queued, running = c.running + d.running, waiting = c.waiting + d.waiting
    from (select n.tenant_id,
                 sum((n.status = 'queued')::integer - (o.status = 'queued')::integer) as queued,
                 sum((n.status = 'running')::integer - (o.status = 'running')::integer) as running,
                 sum((n.status = 'waiting')::integer - (o.status = 'waiting')::integer) as waiting
          from moved_from o join moved_to n on n.id = o.id
          where o.status <> n.status
          group by n.tenant_id) d
    where c.tenant_id = d.tenant_id and (d.queued <> 0 or d.running <> 0 or d.waiting <> 0);
    return null;
end
$$;

create trigger executions_count_moved after update on executions
    referencing old table as moved_from new table as moved_to
    for each statement execute function tenant_counters_moved();
