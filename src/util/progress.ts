// A progress bar on stderr only when stderr is a terminal: cron logs get no control characters.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, detail?: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/** `total` in the unit of `done` (bytes for ingest); null when unknown (standard input). */
export function progressBar(label: string, total: number | null, unit = ''): Progress {
  if (!process.stderr.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: total ? `${label} [{bar}] {percentage}% | {detail}` : `${label} {detail}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 1, 0, { detail: '' });
  return {
    update(done, detail = '') {
      bar.update(total ? Math.min(done, total) : 0, { detail: detail || `${done}${unit}` });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * For synchronous stages with phases (matching): one status line per phase on a terminal, so a
 * long match shows where it is; nothing when stderr is not a terminal.
 */
export function phaseLogger(label = 'match'): ((phase: string) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = performance.now();
  return (phase) => {
    process.stderr.write(`\r\x1b[K${label}: ${phase} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (phase === 'saving') process.stderr.write('\n');
  };
}
