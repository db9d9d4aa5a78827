-- A registration in two phases (issue 17). The dataset row is written PENDING and its samples in batches while the
-- folder is walked; the last transaction makes it READY. Rounds, imports and lists see READY datasets only, so a
-- registration cut short by a crash is never half-used. A PENDING dataset whose registration has shown no progress for
-- a minute died with its process: start-up removes it (and a new registration of its name takes its place).
-- Portable SQL, as V1.
-- 'PENDING' or 'READY' (no check constraint: H2 reports one invalid once an in-memory database outlives the
-- application that created it, as it does between test profiles)
alter table dataset add column status varchar(8) default 'READY' not null;
-- while PENDING: when the registration last showed progress (a batch written, or a heartbeat while one file is slow)
alter table dataset add column progress_at timestamp with time zone;
