-- Submits commit in batches: one statement inserts many executions. Counting them row by row updated a tenant's
-- counter once per execution (a new row version each time, all under the row's lock); counting per statement updates
-- it once per tenant per batch.
drop trigger executions_count_inserted on executions;

create function tenant_counters_inserted() returns trigger language plpgsql as $$
begin
    update tenant_counters c
    set queued = c.queued + n.queued, running = c.running + n.running
    from (select tenant_id,
                 count(*) filter (where status = 'queued') as queued,
                 count(*) filter (where status = 'running') as running
          from inserted
          group by tenant_id) n
    where c.tenant_id = n.tenant_id and (n.queued > 0 or n.running > 0);
    return null;
end
$$;

create trigger executions_count_inserted after insert on executions
    referencing new table as inserted
    for each statement execute function tenant_counters_inserted();
