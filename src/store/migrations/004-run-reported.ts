// When a run's reports were last written completely by the nightly job: changes.csv compares a
// run with the newest reported run before it, so a run killed after matching but before its
// reports (never seen by anyone) does not hide the night's changes from the re-run.
export const sql = `
ALTER TABLE runs ADD COLUMN reported_at TEXT;
`;
