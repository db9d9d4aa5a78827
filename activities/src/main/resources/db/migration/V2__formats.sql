-- Data in and out: imported embeddings and predictions, detection projects, labels with boxes.
-- Portable SQL, as V1.

-- What a project's model does: 'classification' or 'object-detection'.
alter table project add column task_type varchar(20) default 'classification' not null;

-- A detection label is a list of boxes (JSON, pixels) and has no single class.
alter table label alter column class_name drop not null;
alter table label add column boxes varchar(1000000);
-- Where the label came from when a tool sent it, e.g. 'label-studio:annotation:17': a deleted annotation is found by it.
alter table label add column source_ref varchar(200);
create index label_source_ref on label (source_ref);

-- Embeddings or predictions a user brought, matched to a dataset's images by file name and stored as an artifact.
create table import_set (
  id bigint primary key,
  project_id bigint not null references project (id),
  dataset_id bigint not null references dataset (id),
  -- 'embeddings' or 'predictions'
  kind varchar(20) not null,
  -- 'lightly-embeddings-csv', 'lightly-predictions' or 'coco-results'
  format varchar(40) not null,
  task_type varchar(20),
  artifact varchar(200) not null,
  dimension integer,
  matched_count integer not null,
  -- the dataset's images the import has nothing for: their count, and their paths as an artifact (one per line)
  missing_count integer not null,
  missing_artifact varchar(200),
  source_name varchar(1000),
  created_by varchar(200) not null,
  created_at timestamp with time zone not null
);
create index import_set_project on import_set (project_id);

-- An iteration that used an import instead of running the embed / predict step records which.
alter table iteration add column embeddings_import_id bigint references import_set (id);
alter table iteration add column predictions_import_id bigint references import_set (id);
