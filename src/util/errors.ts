// One error type for everything padan tells a person: a message that names the file, line and
// column where it applies, an exit code from the contract, and a sentence saying what to do.

/** Exit codes of contracts.md, used by every command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  failOn: 3,
  locked: 4,
  interrupted: 130,
} as const;

export class PadanError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PadanError';
  }
}
