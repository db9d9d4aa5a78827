-- Labeling deadlines (reminders, expiry policy) and retrain triggers (built-in, webhook, Kubernetes Job).
-- Portable SQL: runs unchanged on H2 and PostgreSQL.

-- The deadline rules and trainer an iteration was started with, so a resumed iteration keeps them.
alter table iteration add column deadline_policy varchar(16);
alter table iteration add column deadline_extension_seconds bigint;
-- comma-separated fractions in (0, 1), e.g. 0.5,0.9
alter table iteration add column reminder_fractions varchar(200);
alter table iteration add column labeling_started_at timestamp with time zone;
alter table iteration add column deadline_extended boolean default false not null;
alter table iteration add column trainer varchar(16);
alter table iteration add column trainer_timeout_seconds bigint;
alter table iteration add column trainer_attempts integer;

-- The trainer a project's iterations use unless one names its own; null means the built-in linear probe.
alter table project add column trainer varchar(16);
alter table project add column trainer_url varchar(2000);

-- Who produced a model version; only BUILTIN models can be used by the built-in prediction step.
alter table model_version add column trainer varchar(16) default 'BUILTIN' not null;

-- One hand-over of a labeled set to an external trainer. The trainer proves who it is with the run's token, of
-- which only a hash is kept.
create table trainer_run (
  id bigint primary key,
  run varchar(64) not null unique,
  iteration_id bigint not null references iteration (id),
  project_id bigint not null references project (id),
  trainer varchar(16) not null,
  token_hash varchar(64) not null,
  -- Temporal task token (base64) of the waiting webhook activity; null for Kubernetes runs, which are watched
  task_token varchar(4000),
  manifest varchar(200) not null,
  training_size integer not null,
  eval_size integer not null,
  job_name varchar(253),
  status varchar(16) not null,
  model_version varchar(100),
  metric double precision,
  artifact_uri varchar(2000),
  reason varchar(2000),
  created_at timestamp with time zone not null,
  completed_at timestamp with time zone
);
create index trainer_run_iteration on trainer_run (iteration_id);
