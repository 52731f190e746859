-- Tokens per step, so a run's usage can be read step by step (the console shows them with each model call). The
-- execution keeps its totals; steps recorded before this have 0. Adding a column with a constant default rewrites no
-- rows.
alter table execution_steps
    add column input_tokens  bigint not null default 0,
    add column output_tokens bigint not null default 0;
