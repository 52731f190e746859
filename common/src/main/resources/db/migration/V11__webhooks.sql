-- Webhooks: tenant endpoints, and the deliveries that announce an execution's terminal or waiting transition.

create table webhook_endpoints (
    id            uuid        primary key,
    tenant_id     uuid        not null references tenants (id),
    url           text        not null,
    -- the API's event names (execution.succeeded, ...)
    events        text[]      not null,
    description   text,
    -- whsec_<base64>, sealed with the deployment's secrets key (enc:v1:...)
    secret        text        not null,
    enabled       boolean     not null default true,
    -- since when every delivery attempt failed (null while the endpoint answers); past 5 days it is disabled
    failing_since timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create index webhook_endpoints_tenant on webhook_endpoints (tenant_id, id);

create table webhook_deliveries (
    -- the webhook-id header: the same on every attempt
    id              uuid        primary key,
    endpoint_id     uuid        not null references webhook_endpoints (id) on delete cascade,
    tenant_id       uuid        not null,
    event_type      text        not null,
    execution_id    uuid        not null,
    -- when the transition happened: the body's timestamp
    event_at        timestamptz not null,
    attempt         integer     not null default 0,
    status          text        not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    response_status integer,
    duration_ms     bigint,
    -- when a pending delivery is next tried (a sender claiming it moves this past its attempt's timeout)
    next_attempt_at timestamptz,
    created_at      timestamptz not null
);
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

-- UUID v7 (time-ordered, as the application's ids are), so deliveries list in creation order.
create function webhook_uuid_v7() returns uuid language sql volatile as $$
    select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
        substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
        52, 1), 53, 1), 'hex')::uuid
$$;

-- A delivery is inserted by the statement that records the transition's event, so it commits (or not) with the
-- transition itself: no committed terminal or waiting status can miss its webhook, whichever process wrote it.
-- For a tenant without endpoints this costs one index lookup that finds nothing; other event types skip the
-- function entirely (the WHEN clause).
create function webhook_deliveries_for_event() returns trigger language plpgsql volatile as $$
begin
    insert into webhook_deliveries (id, endpoint_id, tenant_id, event_type, execution_id, event_at, next_attempt_at,
                                    created_at)
    select webhook_uuid_v7(), w.id, new.tenant_id, 'execution.' || new.type, new.execution_id, new.created_at,
           new.created_at, new.created_at
    from webhook_endpoints w
    where w.tenant_id = new.tenant_id and w.enabled and ('execution.' || new.type) = any (w.events);
    return null;
end
$$;

create trigger execution_events_webhooks after insert on execution_events
    for each row when (new.type in ('succeeded', 'failed', 'cancelled', 'timed_out', 'waiting'))
    execute function webhook_deliveries_for_event();
