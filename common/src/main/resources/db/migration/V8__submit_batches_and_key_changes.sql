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

-- Gateways keep the live API keys they have seen in memory. Every change to a key or to a tenant (its limits travel
-- with the key) is announced on 'tenant_auth_changes' with the tenant's id, by the database itself and inside the
-- changing transaction, so it reaches every listening gateway as the change commits and no code path can miss one.
-- '*' means everything changed (a truncate).
create function tenant_auth_key_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('tenant_auth_changes', coalesce(new.tenant_id, old.tenant_id)::text);
    return null;
end
$$;

create function tenant_auth_tenant_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('tenant_auth_changes', coalesce(new.id, old.id)::text);
    return null;
end
$$;

create function tenant_auth_all_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('tenant_auth_changes', '*');
    return null;
end
$$;

create trigger api_keys_announce_changes after insert or update or delete on api_keys
    for each row execute function tenant_auth_key_changed();
create trigger tenants_announce_changes after update or delete on tenants
    for each row execute function tenant_auth_tenant_changed();
create trigger api_keys_announce_truncate after truncate on api_keys
    for each statement execute function tenant_auth_all_changed();
create trigger tenants_announce_truncate after truncate on tenants
    for each statement execute function tenant_auth_all_changed();
