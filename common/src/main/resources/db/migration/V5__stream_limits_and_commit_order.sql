-- The tenant-wide stream's order. global_seq is taken at insert, so a transaction that inserts first and commits
-- last makes an event appear behind a position a reader has already passed. commit_order is the inserting
-- transaction's id instead: every transaction still running has an id at or above the oldest running one
-- (pg_snapshot_xmin), so the events below that horizon are final and no later commit can land among them. A reader
-- that walks (commit_order, global_seq) up to the horizon misses nothing, and one position is an exact resume point.
-- An event never sorts before its own execution's previous event: a transaction that took its id early and then
-- waited for the execution's row inherits the larger commit_order of the event it waited for. (Rows written before
-- this migration keep 0: they are all committed, and sort by global_seq before every later event.)
alter table execution_events add column commit_order xid8 not null default '0';

-- Volatile, so its query sees the previous event even when this statement's snapshot was taken before that event's
-- transaction committed (the guarded UPDATE waited for it).
create function execution_events_commit_order() returns trigger language plpgsql volatile as $$
begin
    new.commit_order := greatest(pg_current_xact_id(),
        (select p.commit_order from execution_events p where p.execution_id = new.execution_id and p.seq = new.seq - 1));
    return new;
end
$$;

create trigger execution_events_commit_order before insert on execution_events
    for each row execute function execution_events_commit_order();

drop index execution_events_tenant_global;
create index execution_events_tenant_commit_order on execution_events (tenant_id, commit_order, global_seq);

-- Concurrent status streams a tenant may hold open, in all and per API key (enforced across gateways in Redis).
alter table tenants add column max_concurrent_streams integer not null default 100 check (max_concurrent_streams > 0);
alter table tenants add column max_concurrent_streams_per_key integer not null default 100
    check (max_concurrent_streams_per_key > 0);
