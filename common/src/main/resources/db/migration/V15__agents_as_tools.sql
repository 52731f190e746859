-- Agents as tools (the supervisor pattern): a stored agent lists the stored agents its model may call as tools. Each
-- call is a child execution (parent_id, V13) and the caller waits for its children without holding a slot.
alter table agents add column agents uuid[] not null default '{}';

-- What a parent's children (and theirs, all the way down) used, kept apart from the parent's own usage:
-- {input_tokens, output_tokens, llm_calls, tool_calls}; null for an execution that never called an agent.
alter table executions add column children_usage jsonb;

-- A child that ended and whose parent has not taken its result yet. Written by the trigger below in the very
-- transaction of the child's terminal transition, whatever made it (a worker's finish, a cancel, a timeout, an
-- exhausted lease, an expired approval), so no ending is lost to a crash; workers take rows with SKIP LOCKED and
-- delete each in the transaction that records the result on the parent, so each is taken exactly once.
create table child_endings (
    child_id   uuid        primary key,
    parent_id  uuid        not null,
    tenant_id  uuid        not null,
    created_at timestamptz not null default now()
);

create or replace function child_endings_track() returns trigger language plpgsql as $$
begin
    insert into child_endings (child_id, parent_id, tenant_id) values (new.id, new.parent_id, new.tenant_id)
    on conflict (child_id) do nothing;
    return null;
end
$$;

-- Only a child's move into a terminal status fires it; every other update of executions pays nothing.
create trigger executions_child_ended
    after update of status on executions
    for each row
    when (new.parent_id is not null and old.status is distinct from new.status
          and new.status in ('succeeded', 'failed', 'cancelled', 'timed_out'))
    execute function child_endings_track();
