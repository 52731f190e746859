-- Child executions: an agent step of a workflow run, or an agent another agent called as a tool. The parent is the
-- execution that waits for it (null for a workflow's agent step, whose parent is the run); the run is the workflow run
-- it belongs to (null for a plain or supervisor-started execution). Neither is a foreign key, like agent_id: the
-- record of what ran stays when a parent row is cleaned up.
alter table executions add column parent_id uuid;
alter table executions add column workflow_run_id uuid;

-- A parent's children and a run's children, read on every advance and cancel: only rows that have one.
create index executions_parent on executions (parent_id) where parent_id is not null;
create index executions_workflow_run on executions (workflow_run_id) where workflow_run_id is not null;
