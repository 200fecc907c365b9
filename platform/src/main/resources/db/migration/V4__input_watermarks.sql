-- Where an incremental input stopped: a database cursor or Kafka offsets. Stored with the run's
-- commit, so it advances only when the run's data does.
ALTER TABLE run_inputs ADD COLUMN watermark TEXT;
