-- A project runs one round at a time and has one open campaign at a time, kept by the database rather than by a check
-- before the write (two starts could both read "nothing runs"). A marker column is TRUE while the row runs (or the
-- campaign is open) and NULL otherwise, under a unique (project, marker) key: NULLs never collide in a unique key, on
-- H2 as on PostgreSQL, so finished rows do not count. The check keeps the marker off every finished row, so no row can
-- hold a project's place after it ended; the entities set marker and status together (Iteration.moveTo,
-- Campaign.moveTo).
alter table iteration add column running boolean;
alter table campaign add column open boolean;

-- Rounds or campaigns that already ran side by side (the race this closes) run on and end as they would have, with
-- their reservations released then; only the earliest of each project takes the marker, and the start paths refuse a
-- new round or campaign while any of them runs.
update iteration set running = true where status = 'RUNNING' and not exists (
  select 1 from iteration earlier
  where earlier.project_id = iteration.project_id and earlier.status = 'RUNNING' and earlier.round < iteration.round);
update campaign set open = true where status <> 'STOPPED' and not exists (
  select 1 from campaign earlier
  where earlier.project_id = campaign.project_id and earlier.status <> 'STOPPED' and earlier.id < campaign.id);

alter table iteration add constraint iteration_running_marker
  check (running is null or (running = true and status = 'RUNNING'));
alter table iteration add constraint iteration_one_running_per_project unique (project_id, running);
alter table campaign add constraint campaign_open_marker
  check (open is null or (open = true and status <> 'STOPPED'));
alter table campaign add constraint campaign_one_open_per_project unique (project_id, open);

-- What the API acknowledged with a 202, written before the workflow is told: a round resumed after a crash reads it
-- here and ends as acknowledged even if the signal was lost with the process.
alter table iteration add column labeling_done_by varchar(200);
alter table iteration add column labeling_done_at timestamp with time zone;
alter table iteration add column cancel_by varchar(200);
alter table iteration add column cancel_at timestamp with time zone;
alter table iteration add column cancel_reason varchar(1000);
