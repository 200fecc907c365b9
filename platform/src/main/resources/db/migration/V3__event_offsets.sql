-- Every port is also an infinite log of events: the rows of its history in commit order. A
-- snapshot holds the events from first_offset to first_offset + events - 1, in the order of
-- the data file its run added.
ALTER TABLE port_snapshots ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE port_snapshots ADD COLUMN first_offset INTEGER NOT NULL DEFAULT 0;

UPDATE port_snapshots
SET events = (
    SELECT rp.rows_added FROM run_ports rp
    WHERE rp.run_id = port_snapshots.run_id AND rp.port = port_snapshots.port);

UPDATE port_snapshots
SET first_offset = (
    SELECT coalesce(sum(earlier.events), 0) FROM port_snapshots earlier
    WHERE earlier.domain = port_snapshots.domain
      AND earlier.name = port_snapshots.name
      AND earlier.major = port_snapshots.major
      AND earlier.port = port_snapshots.port
      AND earlier.processed_at < port_snapshots.processed_at);
