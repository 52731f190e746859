-- Webhook deliveries in flight, counted across every worker: a sender claiming an attempt sets sending_until (the
-- attempt's deadline plus settling time) and clears it when it settles the attempt. An endpoint's deliveries with
-- sending_until in the future are the ones in flight; the claim leaves an endpoint alone while it has its bound of
-- them. Should a worker die mid-send, its lease simply passes.
alter table webhook_deliveries add column sending_until timestamptz;

-- The in-flight count per endpoint reads only leased rows (few: settled ones clear the column).
create index webhook_deliveries_sending on webhook_deliveries (endpoint_id) where sending_until is not null;
-- An endpoint's due deliveries, oldest first: what the claim takes for one endpoint up to its room.
create index webhook_deliveries_endpoint_due on webhook_deliveries (endpoint_id, next_attempt_at) where status = 'pending';
-- Settled deliveries by age, for the retention sweep.
create index webhook_deliveries_settled on webhook_deliveries (created_at) where status <> 'pending';
