-- Issue 4, large pools and chosen embedders. Portable SQL (H2 and PostgreSQL).

-- The project's embedder as JSON (kind onnx: model, inputSize, mean, std, output); null is the built-in descriptor.
alter table project add column embedder varchar(4000);

-- A finished shard of the embed step, recorded once: a retried or resumed iteration reuses it instead of embedding
-- its images again, and progress counts it.
create table embedding_shard (
  id bigint primary key,
  dataset_id bigint not null references dataset (id),
  snapshot varchar(64) not null,
  embedder varchar(100) not null,
  shard_size integer not null,
  shard_index integer not null,
  artifact varchar(200) not null,
  embedded_count integer not null,
  skipped_count integer not null,
  unique (dataset_id, snapshot, embedder, shard_size, shard_index)
);

-- Images that passed registration but that the embedder could not use (a decoder error, too many pixels, a file
-- that became unreadable), with the reason: listed on the iteration and the dataset.
create table embedding_skip (
  id bigint primary key,
  dataset_id bigint not null references dataset (id),
  snapshot varchar(64) not null,
  embedder varchar(100) not null,
  sample_id bigint not null references sample (id),
  path varchar(2000) not null,
  reason varchar(1000) not null,
  unique (dataset_id, snapshot, embedder, sample_id)
);
create index embedding_skip_set on embedding_skip (dataset_id, snapshot, embedder);

-- What an iteration's embed step works through, for its progress, rate and ETA.
create table embedding_run (
  id bigint primary key,
  iteration_id bigint not null unique references iteration (id),
  dataset_id bigint not null references dataset (id),
  snapshot varchar(64) not null,
  embedder varchar(100) not null,
  shard_size integer not null,
  total integer not null,
  -- images already in finished shards when the step (re)started: not part of the measured rate
  done_at_start integer not null,
  started_at timestamp with time zone not null
);
