// Snapshots of ingested exports, their records (raw cells verbatim beside canonical fields) and
// the rows that could not be read. NIK and KK are TEXT: a Papua NIK is larger than 2^53.
export const sql = `
CREATE TABLE snapshots (
  id             INTEGER PRIMARY KEY,
  source         TEXT    NOT NULL CHECK (source IN ('p3ke', 'dtks')),
  file_name      TEXT    NOT NULL,
  file_size      INTEGER NOT NULL,
  sha256         TEXT    NOT NULL,
  profile        TEXT    NOT NULL,
  encoding       TEXT    NOT NULL,
  delimiter      TEXT    NOT NULL,
  header_line    INTEGER NOT NULL,
  headers        TEXT    NOT NULL, -- JSON array, verbatim
  mapping        TEXT    NOT NULL, -- JSON: canonical field -> column index
  rows_read      INTEGER NOT NULL,
  rows_accepted  INTEGER NOT NULL,
  rows_rejected  INTEGER NOT NULL,
  started_at     TEXT    NOT NULL,
  finished_at    TEXT    NOT NULL
);
CREATE INDEX snapshots_source ON snapshots (source, id);
CREATE INDEX snapshots_sha256 ON snapshots (source, sha256);

CREATE TABLE records (
  id              INTEGER PRIMARY KEY,
  snapshot_id     INTEGER NOT NULL REFERENCES snapshots (id),
  line            INTEGER NOT NULL,
  raw             TEXT    NOT NULL, -- the row's cells, verbatim: its text after its delimiter, or a JSON array (records.ts)
  source_id       TEXT    NOT NULL,
  family_id       TEXT,
  nik             TEXT,
  nik_status      TEXT    NOT NULL,
  nik_detail      TEXT,
  nik_tgl_lahir   TEXT,
  nik_sex         TEXT,
  no_kk           TEXT,
  no_kk_status    TEXT    NOT NULL,
  nama            TEXT,
  nama_gelar      TEXT,
  nama_bin        TEXT,
  nama_key        TEXT,
  nama_tokens     TEXT,
  nama_initials   TEXT,
  tgl_lahir       TEXT,
  tgl_lahir_flag  TEXT    NOT NULL,
  jenis_kelamin   TEXT,
  hubungan        TEXT,
  tempat_lahir    TEXT,
  nama_ibu        TEXT,
  kode_wilayah    TEXT,
  kode_provinsi   TEXT,
  kode_kabupaten  TEXT,
  kode_kecamatan  TEXT,
  wilayah_status  TEXT    NOT NULL,
  provinsi        TEXT,
  kabupaten       TEXT,
  kecamatan       TEXT,
  desa            TEXT,
  alamat          TEXT,
  dusun           TEXT,
  rt              TEXT,
  rw              TEXT,
  desil           INTEGER,
  persentil       INTEGER,
  padan_dukcapil  INTEGER,
  programmes      TEXT    NOT NULL, -- JSON object
  flags           TEXT    NOT NULL  -- JSON array
);
CREATE INDEX records_snapshot ON records (snapshot_id, source_id);

CREATE TABLE rejects (
  id           INTEGER PRIMARY KEY,
  snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id),
  line         INTEGER NOT NULL,
  reason       TEXT    NOT NULL,
  raw          TEXT    NOT NULL
);
CREATE INDEX rejects_snapshot ON rejects (snapshot_id);
`;
