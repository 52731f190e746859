-- The W3C traceparent of the request that submitted an execution: every attempt of it, on any worker and after
-- any retry or recovery, joins that one trace. The outbox keeps it to send as a Kafka header.
alter table executions add column trace_parent text;
alter table outbox add column trace_parent text;
