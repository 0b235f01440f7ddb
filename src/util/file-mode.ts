// The mode of every file padan creates that can hold personal data: 0600, or 0640 when the
// officer passed --group-readable (cli.ts sets it once, beside the matching umask).
let groupReadable = false;

export function setGroupReadable(value: boolean): void {
  groupReadable = value;
}

export function privateFileMode(): number {
  return groupReadable ? 0o640 : 0o600;
}

/** Folders padan creates for such files: 0700, or 0750 with --group-readable. */
export function privateDirMode(): number {
  return groupReadable ? 0o750 : 0o700;
}
