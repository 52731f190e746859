-- Workers claim a tenant's oldest due executions in batches (ExecutionTransitions.claim), not one named execution
-- per wake-up: the partial index serves "this tenant's queued executions, oldest first" directly.
create index executions_claimable on executions (tenant_id, id) where status = 'queued';

-- A retried execution waits out its backoff in the queue: no worker claims it before run_after.
alter table executions add column run_after timestamptz;
