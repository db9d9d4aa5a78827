-- Portable SQL (H2 and PostgreSQL), like V1.

-- A project's labeling budget. The row holds the settings and is what a reservation locks (select ... for update),
-- so reservations of one project queue behind each other; the amounts themselves are sums of ledger entries.
create table budget (
  id bigint primary key,
  project_id bigint not null unique references project (id),
  -- ISO 4217 code
  currency varchar(3) not null,
  -- REFUSE or SHRINK: what the query step does with a batch the remaining budget cannot pay for
  overrun_policy varchar(8) not null,
  created_at timestamp with time zone not null
);

-- Cost of one label per task type; append-only, the newest row of a (project, task type) is in effect.
create table label_cost (
  id bigint primary key,
  project_id bigint not null references project (id),
  task_type varchar(40) not null,
  cost numeric(19, 4) not null,
  set_by varchar(200) not null,
  set_at timestamp with time zone not null
);
create index label_cost_project on label_cost (project_id, task_type);

-- The ledger: append-only. ADJUST amounts are signed (the budget itself is the sum of adjustments); RESERVE, SPEND
-- and RELEASE amounts are positive. available = adjust - reserve + release; reserved = reserve - spend - release.
create table ledger_entry (
  id bigint primary key,
  project_id bigint not null references project (id),
  iteration_id bigint references iteration (id),
  kind varchar(8) not null,
  amount numeric(19, 4) not null,
  currency varchar(3) not null,
  labels integer,
  -- the cost per label in effect for this entry (the one the round reserved at)
  unit_cost numeric(19, 4),
  sample_id bigint references sample (id),
  annotator varchar(200),
  reason varchar(2000),
  -- makes a retried reservation, a duplicate label or a second release a no-op: one entry per key
  dedupe_key varchar(200) unique,
  created_by varchar(200),
  created_at timestamp with time zone not null
);
create index ledger_entry_project on ledger_entry (project_id, id);

-- How an iteration's batch is split among annotators, chosen when it starts.
create table assignment_plan (
  id bigint primary key,
  iteration_id bigint not null unique references iteration (id),
  -- ROUND_ROBIN or CAPACITY
  mode varchar(12) not null,
  -- newline-separated "name" (round-robin) or "name=capacity" (capacity)
  annotators varchar(8000) not null
);

-- Who labels which image of a batch; labeled_at is the first label given for it (time spent is measured from these).
create table assignment (
  id bigint primary key,
  iteration_id bigint not null references iteration (id),
  sample_id bigint not null references sample (id),
  annotator varchar(200) not null,
  assigned_at timestamp with time zone not null,
  labeled_at timestamp with time zone,
  labeled_by varchar(200),
  unique (iteration_id, sample_id)
);
create index assignment_annotator on assignment (iteration_id, annotator);

-- Iterations run back to back under stopping rules.
create table campaign (
  id bigint primary key,
  project_id bigint not null references project (id),
  workflow_id varchar(200) not null unique,
  -- RUNNING, PAUSED or STOPPED
  status varchar(8) not null,
  -- JSON: the iteration template and the stopping rules the campaign was started with
  settings varchar(8000) not null,
  rounds_done integer not null,
  best_accuracy double precision,
  stop_reason varchar(20),
  stop_detail varchar(2000),
  created_at timestamp with time zone not null,
  finished_at timestamp with time zone
);

create table campaign_event (
  id bigint primary key,
  campaign_id bigint not null references campaign (id),
  occurred_at timestamp with time zone not null,
  kind varchar(20) not null,
  round integer,
  detail varchar(2000)
);
create index campaign_event_campaign on campaign_event (campaign_id);
