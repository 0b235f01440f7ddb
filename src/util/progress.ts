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
