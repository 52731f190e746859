-- The one schema of the platform. Every tenant-owned table carries tenant_id and is
-- indexed by it first: no query reads tenant data without the tenant.

create table tenants (
    id                        uuid        primary key,
    name                      text        not null unique,
    rate_limit_per_minute     integer     not null default 600 check (rate_limit_per_minute > 0),
    max_concurrent_executions integer     not null default 10 check (max_concurrent_executions > 0),
    max_queued_executions     integer     not null default 1000 check (max_queued_executions > 0),
    created_at                timestamptz not null,
    updated_at                timestamptz not null
);

create table api_keys (
    id          uuid        primary key,
    tenant_id   uuid        not null references tenants (id),
    name        text        not null,
    -- the visible start of the key, used to find the row; the key itself is stored only as a hash
    prefix      text        not null,
    key_hash    bytea       not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
create index api_keys_prefix on api_keys (prefix);
create index api_keys_tenant on api_keys (tenant_id);

create table agents (
    id              uuid        primary key,
    tenant_id       uuid        not null references tenants (id),
    name            text        not null,
    description     text,
    instructions    text,
    model           text,
    tools           text[]      not null default '{}',
    max_steps       integer,
    timeout_seconds integer,
    max_tokens      integer,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index agents_tenant_created on agents (tenant_id, created_at desc, id desc);

create table executions (
    id                uuid        primary key,
    tenant_id         uuid        not null references tenants (id),
    agent_id          uuid,
    -- the agent as it was at submit: a running execution never sees later edits
    agent             jsonb       not null,
    input             text        not null,
    model             text        not null,
    metadata          jsonb,
    status            text        not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
    result            text,
    error_code        text,
    error_message     text,
    attempt           integer     not null default 0,
    max_attempts      integer     not null check (max_attempts > 0),
    lease_owner       text,
    lease_expires_at  timestamptz,
    cancel_requested  boolean     not null default false,
    input_tokens      bigint      not null default 0,
    output_tokens     bigint      not null default 0,
    llm_calls         integer     not null default 0,
    tool_calls        integer     not null default 0,
    last_event_seq    bigint      not null default 0,
    idempotency_key   text,
    request_hash      text,
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz,
    updated_at        timestamptz not null
);
create index executions_tenant_created on executions (tenant_id, created_at desc, id desc);
create index executions_tenant_status on executions (tenant_id, status);
create index executions_running_lease on executions (lease_expires_at) where status = 'running';
create unique index executions_tenant_idempotency on executions (tenant_id, idempotency_key) where idempotency_key is not null;

-- Append-only: one row per state change or step, numbered 1, 2, 3… per execution.
create table execution_events (
    execution_id uuid        not null references executions (id),
    seq          bigint      not null,
    tenant_id    uuid        not null,
    type         text        not null,
    status       text        not null,
    payload      jsonb       not null,
    created_at   timestamptz not null,
    primary key (execution_id, seq)
);

create table execution_steps (
    execution_id uuid        not null references executions (id),
    seq          integer     not null,
    tenant_id    uuid        not null,
    attempt      integer     not null,
    kind         text        not null check (kind in ('llm', 'tool')),
    name         text        not null,
    input        jsonb       not null,
    output       jsonb       not null,
    started_at   timestamptz not null,
    duration_ms  bigint      not null,
    primary key (execution_id, seq)
);

-- Messages committed with the change that caused them; deleted once Kafka has them.
create table outbox (
    id          bigserial   primary key,
    topic       text        not null,
    message_key text        not null,
    payload     text        not null,
    created_at  timestamptz not null
);
