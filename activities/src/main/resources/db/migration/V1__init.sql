-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).
-- Ids come from one sequence, allocated 50 at a time so Hibernate can batch inserts of samples and selections.
create sequence needle_seq start with 1 increment by 50;

create table project (
  id bigint primary key,
  slug varchar(100) not null unique,
  name varchar(200) not null,
  -- newline-separated class names; a label must be one of them
  classes varchar(8000) not null,
  current_model_id bigint,
  created_at timestamp with time zone not null
);

create table dataset (
  id bigint primary key,
  project_id bigint not null references project (id),
  name varchar(200) not null,
  -- folder relative to needle.storage.datasets-root
  root varchar(4000) not null,
  -- hash over every sample's path and content: what an embedding cache entry is valid for
  snapshot varchar(64) not null,
  pool_count integer not null,
  eval_count integer not null,
  skipped_count integer not null,
  registered_at timestamp with time zone not null,
  unique (project_id, name)
);

create table sample (
  id bigint primary key,
  dataset_id bigint not null references dataset (id),
  path varchar(2000) not null,
  content_hash varchar(64) not null,
  width integer not null,
  height integer not null,
  split varchar(8) not null,
  -- the true class of an eval image (from its folder); pool images have none until labeled
  eval_class varchar(200),
  unique (dataset_id, path)
);
create index sample_dataset_split on sample (dataset_id, split);

create table skipped_file (
  id bigint primary key,
  dataset_id bigint not null references dataset (id),
  path varchar(2000) not null,
  reason varchar(1000) not null
);

create table embedding_set (
  id bigint primary key,
  dataset_id bigint not null references dataset (id),
  snapshot varchar(64) not null,
  embedder varchar(100) not null,
  artifact varchar(200) not null,
  dimension integer not null,
  sample_count integer not null,
  failed_count integer not null,
  created_at timestamp with time zone not null,
  unique (dataset_id, snapshot, embedder)
);

create table model_version (
  id bigint primary key,
  project_id bigint not null references project (id),
  version varchar(100) not null unique,
  artifact varchar(200) not null,
  embedder varchar(100) not null,
  -- null when the dataset has no eval images to measure on
  accuracy double precision,
  training_size integer not null,
  eval_size integer not null,
  iteration_id bigint,
  created_at timestamp with time zone not null
);

create table iteration (
  id bigint primary key,
  project_id bigint not null references project (id),
  dataset_id bigint not null references dataset (id),
  round integer not null,
  strategy varchar(20) not null,
  batch_size integer not null,
  seed bigint not null,
  scorer varchar(64) not null,
  labeling_deadline_seconds bigint not null,
  status varchar(16) not null,
  step varchar(16),
  status_reason varchar(2000),
  workflow_id varchar(200) not null unique,
  embeddings_artifact varchar(200),
  predictions_artifact varchar(200),
  model_used varchar(100),
  scores_artifact varchar(200),
  strategy_used varchar(20),
  cold_start boolean,
  labeling_deadline_at timestamp with time zone,
  deadline_expired boolean not null,
  model_produced varchar(100),
  accuracy double precision,
  training_size integer,
  lineage varchar(8000),
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  finished_at timestamp with time zone,
  unique (project_id, round)
);

create table iteration_event (
  id bigint primary key,
  iteration_id bigint not null references iteration (id),
  occurred_at timestamp with time zone not null,
  kind varchar(40) not null,
  step varchar(16),
  detail varchar(2000)
);
create index iteration_event_iteration on iteration_event (iteration_id);

create table selection (
  id bigint primary key,
  iteration_id bigint not null references iteration (id),
  sample_id bigint not null references sample (id),
  pick_order integer not null,
  score double precision,
  unique (iteration_id, pick_order),
  unique (iteration_id, sample_id)
);

-- The current label of a sample; relabeling updates the row (who and when change with it).
create table label (
  id bigint primary key,
  sample_id bigint not null unique references sample (id),
  iteration_id bigint references iteration (id),
  class_name varchar(200) not null,
  annotator varchar(200) not null,
  labeled_at timestamp with time zone not null
);
