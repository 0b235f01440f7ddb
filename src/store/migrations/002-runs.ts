// Match runs and what they found, kept for every run so nights can be compared; reviewer
// decisions keyed by the stable source ids, so they survive new snapshots.
export const sql = `
CREATE TABLE runs (
  id                INTEGER PRIMARY KEY,
  p3ke_snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id),
  dtks_snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id),
  version           TEXT    NOT NULL,
  started_at        TEXT    NOT NULL,
  finished_at       TEXT    NOT NULL,
  settings          TEXT    NOT NULL, -- JSON: everything that changes results
  model             TEXT    NOT NULL, -- JSON: the trained (or pinned) parameters
  stats             TEXT    NOT NULL  -- JSON: blocking counts, timings
);

-- Person pairs of a run: the one-to-one links (match or review), other strong candidates kept
-- as evidence of duplicates, and equal valid NIKs held by clearly different persons.
CREATE TABLE pairs (
  run_id          INTEGER NOT NULL REFERENCES runs (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('link', 'alternative', 'nik_conflict')),
  p3ke_record_id  INTEGER NOT NULL REFERENCES records (id),
  dtks_record_id  INTEGER NOT NULL REFERENCES records (id),
  status          TEXT    CHECK (status IN ('match', 'review')),
  probability     REAL    NOT NULL,
  match_weight    REAL    NOT NULL,
  method          TEXT    NOT NULL CHECK (method IN ('nik', 'model', 'manual')),
  PRIMARY KEY (run_id, kind, p3ke_record_id, dtks_record_id)
) WITHOUT ROWID;
-- dtks_only needs "is this DTKS record linked": the primary key only serves the P3KE side.
CREATE INDEX pairs_dtks ON pairs (run_id, kind, dtks_record_id);

CREATE TABLE duplicates (
  run_id     INTEGER NOT NULL REFERENCES runs (id),
  source     TEXT    NOT NULL CHECK (source IN ('p3ke', 'dtks')),
  group_no   INTEGER NOT NULL,
  record_id  INTEGER NOT NULL REFERENCES records (id),
  reason     TEXT    NOT NULL CHECK (reason IN ('same_nik', 'same_person')),
  PRIMARY KEY (run_id, source, group_no, record_id)
) WITHOUT ROWID;

CREATE TABLE families (
  run_id             INTEGER NOT NULL REFERENCES runs (id),
  p3ke_family_id     TEXT    NOT NULL,
  dtks_household_id  TEXT    NOT NULL,
  p3ke_members       INTEGER NOT NULL,
  dtks_members       INTEGER NOT NULL,
  linked_members     INTEGER NOT NULL,
  pattern            TEXT    NOT NULL CHECK (pattern IN ('same', 'split', 'merged', 'partial')),
  PRIMARY KEY (run_id, p3ke_family_id, dtks_household_id)
) WITHOUT ROWID;

CREATE TABLE decisions (
  p3ke_id     TEXT NOT NULL,
  dtks_id     TEXT NOT NULL,
  decision    TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  reviewer    TEXT NOT NULL,
  decided_at  TEXT NOT NULL,
  note        TEXT,
  PRIMARY KEY (p3ke_id, dtks_id)
);
`;
