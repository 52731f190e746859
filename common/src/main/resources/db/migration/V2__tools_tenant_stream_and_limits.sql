-- Tenant-registered tools (kind http or mcp); built-in tools live in code.
create table tools (
    id          uuid        primary key,
    tenant_id   uuid        not null references tenants (id),
    name        text        not null,
    description text        not null,
    kind        text        not null check (kind in ('http', 'mcp')),
    config      jsonb       not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    unique (tenant_id, name)
);

-- One order across all of a tenant's events, for the tenant-wide stream and its resume.
alter table execution_events add column global_seq bigint generated always as identity;
create index execution_events_tenant_global on execution_events (tenant_id, global_seq);

-- Per-tenant counts the limits need at every submit and claim.
create index executions_tenant_queued on executions (tenant_id) where status = 'queued';
create index executions_tenant_running on executions (tenant_id) where status = 'running';
create index executions_queued_updated on executions (updated_at) where status = 'queued';

create index agents_tenant_tools on agents using gin (tools);

alter table api_keys add constraint api_keys_prefix_unique unique (prefix);
