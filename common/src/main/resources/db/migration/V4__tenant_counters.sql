-- A tenant's queued and running executions, kept by the database on every status change of an execution. The
-- queue bound reads (and locks) this one row instead of counting, so it is exact however many gateways submit at
-- once, and it cannot drift from the executions table: no code path can change a status without it.
create table tenant_counters (
    tenant_id uuid    primary key references tenants (id),
    queued    integer not null default 0 check (queued >= 0),
    running   integer not null default 0 check (running >= 0)
);

insert into tenant_counters (tenant_id, queued, running)
select t.id,
       (select count(*) from executions e where e.tenant_id = t.id and e.status = 'queued'),
       (select count(*) from executions e where e.tenant_id = t.id and e.status = 'running')
from tenants t;

create function tenant_counters_open() returns trigger language plpgsql as $$
begin
    insert into tenant_counters (tenant_id) values (new.id);
    return null;
end
$$;

create trigger tenants_open_counters after insert on tenants
    for each row execute function tenant_counters_open();

-- +1 / -1 for the status an execution enters / leaves; a change between two other statuses costs nothing.
create function tenant_counters_track() returns trigger language plpgsql as $$
declare
    queued_delta  integer := 0;
    running_delta integer := 0;
begin
    if tg_op in ('UPDATE', 'DELETE') then
        queued_delta := queued_delta - (old.status = 'queued')::integer;
        running_delta := running_delta - (old.status = 'running')::integer;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        queued_delta := queued_delta + (new.status = 'queued')::integer;
        running_delta := running_delta + (new.status = 'running')::integer;
    end if;
    if queued_delta <> 0 or running_delta <> 0 then
        update tenant_counters
        set queued = queued + queued_delta, running = running + running_delta
        where tenant_id = coalesce(new.tenant_id, old.tenant_id);
    end if;
    return null;
end
$$;

create trigger executions_count_inserted after insert on executions
    for each row execute function tenant_counters_track();
create trigger executions_count_status after update of status on executions
    for each row when (old.status is distinct from new.status) execute function tenant_counters_track();
create trigger executions_count_deleted after delete on executions
    for each row execute function tenant_counters_track();
