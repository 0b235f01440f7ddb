// Builds the program from the command registry and is the only place that sets the exit code.
import { Command, CommanderError, Option } from 'commander';
import { COMMANDS } from './commands/index.js';
import { LANGS, setLanguage, t, type Lang } from './i18n/index.js';
import { EXIT, PadanError } from './util/errors.js';
import { setGroupReadable } from './util/file-mode.js';
import { VERSION } from './util/version.js';

export function buildProgram(): Command {
  const program = new Command('padan')
    .description('Reconcile P3KE and DTKS: ingest exports, normalise, match and report discrepancies.')
    .version(VERSION)
    .option('--debug', 'show stack traces of unexpected errors')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .addOption(new Option('--lang <lang>', 'language of messages (default: English, Indonesian when LANG starts with id) and of report.html (default: Indonesian)').choices(LANGS))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 success, 1 failure, 2 usage error, 3 a --fail-on condition holds, 4 store locked.

Examples:
  $ padan ingest p3ke p3ke.csv && padan ingest dtks dtks.csv
  $ padan status --json
`,
  );
  // Before any command acts, so its messages and errors speak the language asked for.
  program.hook('preAction', (_program, action) => {
    const lang = action.optsWithGlobals().lang as Lang | undefined;
    if (lang) setLanguage(lang);
  });
  for (const make of Object.values(COMMANDS)) {
    const command = make();
    program.addCommand(inherit(command, program));
  }
  return program;
}

/** Subcommands added with addCommand do not inherit exitOverride: copy it, all the way down (conventions.md). */
function inherit(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const child of command.commands) inherit(child, command);
  return command;
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message; help and version are not errors.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof PadanError) {
    process.stderr.write(`padan: ${error.message}\n`);
    if (error.hint) process.stderr.write(`${t('cli.hint', { hint: error.hint })}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    process.stderr.write(`padan: ${t('error.storeDamaged', { code, message })}\n${t('cli.hint', { hint: t('hint.storeDamaged') })}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
  process.stderr.write(`padan: ${t('cli.unexpected', { message })}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write(`${t('cli.hint', { hint: t('cli.debugHint') })}\n`);
  return EXIT.failure;
}

export async function main(argv: string[]): Promise<void> {
  // Store, reports and temporary files hold personal data: nothing padan creates is world-readable.
  // --group-readable asks for 0640 files instead, for a district's data team group.
  process.umask(argv.includes('--group-readable') ? 0o027 : 0o077);
  setGroupReadable(argv.includes('--group-readable'));
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    process.exitCode = EXIT.ok;
  } catch (error) {
    process.exitCode = report(error, argv.includes('--debug'));
  }
}
