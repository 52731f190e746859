-- A run's advance is recorded by a trigger on the child's own row, like a caller's child ending (V15), instead of one on
-- every terminal event: that one called a function and looked the execution up for every execution that ended, run
-- step or not; this one's WHEN clause reads the updated row itself, so an execution of no run pays nothing. Same
-- transaction as the terminal transition, as before.
drop trigger execution_events_workflow_advance on execution_events;
drop function workflow_advance_for_event();

create function workflow_advance_for_execution() returns trigger language plpgsql volatile as $$
begin
    insert into workflow_advances (run_id, execution_id) values (new.workflow_run_id, new.id);
    perform pg_notify('workflow_advances', '');
    return null;
end
$$;

create trigger executions_workflow_advance
    after update of status on executions
    for each row
    when (new.workflow_run_id is not null and old.status is distinct from new.status
          and new.status in ('succeeded', 'failed', 'cancelled', 'timed_out'))
    execute function workflow_advance_for_execution();
