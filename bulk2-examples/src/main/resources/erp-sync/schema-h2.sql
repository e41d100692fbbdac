-- The ERP client table of the bulk2 ERP sync example. updated_at must be set on every change (by the ERP or
-- a trigger); status marks deactivated clients; salesforce_id/synced_at receive the optional write-back.
CREATE TABLE IF NOT EXISTS client (
  client_id VARCHAR(32) PRIMARY KEY,
  first_name VARCHAR(40),
  last_name VARCHAR(80),
  email VARCHAR(120),
  gender VARCHAR(20),
  phone VARCHAR(40),
  street VARCHAR(255),
  city VARCHAR(40),
  state VARCHAR(80),
  postal_code VARCHAR(20),
  country VARCHAR(80),
  birth_date DATE,
  status VARCHAR(16) DEFAULT 'ACTIVE' NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  salesforce_id VARCHAR(18),
  synced_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS client_changed ON client (updated_at, client_id);
