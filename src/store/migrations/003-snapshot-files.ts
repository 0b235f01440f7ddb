// A snapshot made of several export files (a folder of per-kecamatan workbooks): one row per file,
// and each record and reject remembers which file it came from. Snapshots from before this
// migration have no file rows and NULL file numbers: their one file is the snapshot's file_name.
export const sql = `
CREATE TABLE snapshot_files (
  snapshot_id    INTEGER NOT NULL REFERENCES snapshots (id),
  file_no        INTEGER NOT NULL, -- 1, 2, ... in the order the files were read (sorted paths)
  file_name      TEXT    NOT NULL, -- as shown in reports: relative to the folder given, else the base name
  file_size      INTEGER NOT NULL,
  sha256         TEXT    NOT NULL,
  sheet          TEXT,             -- the sheet read, for a workbook
  header_line    INTEGER NOT NULL,
  rows_read      INTEGER NOT NULL,
  rows_accepted  INTEGER NOT NULL,
  rows_rejected  INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, file_no)
) WITHOUT ROWID;

ALTER TABLE records ADD COLUMN file_no INTEGER;
ALTER TABLE rejects ADD COLUMN file_no INTEGER;
`;
