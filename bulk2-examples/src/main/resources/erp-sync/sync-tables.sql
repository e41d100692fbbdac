-- The sync's own tables in the ERP database (H2 and PostgreSQL). Created by the sync if missing.
-- sync_watermark: the updated_at of the newest row of the last successful run, per sync name (UTC).
CREATE TABLE IF NOT EXISTS sync_watermark (
  name VARCHAR(64) PRIMARY KEY,
  watermark TIMESTAMP WITH TIME ZONE NOT NULL
);
-- sync_retry: rows that failed in Salesforce, re-sent on the next runs until they succeed or are given up.
CREATE TABLE IF NOT EXISTS sync_retry (
  name VARCHAR(64) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  attempts INTEGER NOT NULL,
  last_error VARCHAR(1000),
  PRIMARY KEY (name, client_id)
);
-- sync_run: the last committed run (a run killed after its commit is recognised as done) and the last full run
-- (fullRun.interval).
CREATE TABLE IF NOT EXISTS sync_run (
  name VARCHAR(64) PRIMARY KEY,
  last_run_id VARCHAR(100) NOT NULL,
  last_full_at TIMESTAMP WITH TIME ZONE
);
