-- What a trainer hands back becomes the project's current model, of one of three kinds: the built-in linear probe
-- (builtin), a trainer's ONNX network Needle runs over the pool (onnx), or a trainer's own predictions of the pool
-- (predictions). Every existing version is a built-in one or an external report Needle cannot run (external).
alter table model_version add column kind varchar(16) default 'BUILTIN' not null;
update model_version set kind = 'EXTERNAL' where trainer <> 'BUILTIN';
-- onnx: the model card (JSON: outputs and input); predictions: null
alter table model_version add column card varchar(4000);
-- the trainer run that handed it back; null for built-in models
alter table model_version add column trainer_run varchar(64);
-- predictions: the delivered embeddings of the pool, if the trainer sent them (an artifact id)
alter table model_version add column embeddings_artifact varchar(200);

-- What a trainer uploaded to its run before reporting (artifact ids); the report names which it hands back.
alter table trainer_run add column uploaded_model varchar(200);
alter table trainer_run add column uploaded_predictions bigint;
alter table trainer_run add column uploaded_embeddings bigint;

-- A finished shard of the predict step with a trainer's ONNX network, so a round resumed after a restart runs only
-- the shards that were not done.
create table prediction_shard (
  id bigint primary key,
  iteration_id bigint not null references iteration (id),
  model_id bigint not null references model_version (id),
  shard_size integer not null,
  shard_index integer not null,
  artifact varchar(200) not null,
  predicted_count integer not null,
  skipped_count integer not null,
  unique (iteration_id, model_id, shard_size, shard_index)
);

-- What an iteration's predict step with an ONNX network works through, for its progress, rate and ETA (as
-- embedding_run does for the embed step).
create table prediction_run (
  id bigint primary key,
  iteration_id bigint not null unique references iteration (id),
  model_id bigint not null references model_version (id),
  shard_size integer not null,
  total integer not null,
  -- images already in finished shards when the step (re)started: not part of the measured rate
  done_at_start integer not null,
  started_at timestamp with time zone not null
);
