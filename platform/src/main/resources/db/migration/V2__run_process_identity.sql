-- A process id alone is reused after a restart (pid 1 in every container): a run in progress is
-- identified by its host, pid and the start time of that process.
ALTER TABLE runs ADD COLUMN process_started_at TEXT;
