// Loaded with `node --import` by the benchmarks: reports the peak RSS and CPU time of the process on exit,
// so the figures cover padan as a user runs it, worker threads included. `--import` runs in
// every worker thread too, and a worker's exit (the ingest parser's, long before matching) would
// report the peak so far: only the main thread reports. VmHWM is the kernel's high-water mark of
// the whole process; getrusage's maxRSS where /proc is missing.
import { readFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';

function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

/**
 * CPU time of the calling thread alone, ms (Linux; NaN elsewhere): which thread limits a stage
 * (the ingest's writing thread or its parse worker) shows here, not in the process total.
 */
function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

if (isMainThread) {
  process.on('exit', () => {
    // CPU time (user + system, every thread) as well: on a shared machine wall time says little.
    const cpu = process.cpuUsage();
    process.stderr.write(`padan-bench-maxrss-kb ${peakRssKb()}\npadan-bench-cpu-ms ${Math.round((cpu.user + cpu.system) / 1000)}\npadan-bench-main-cpu-ms ${threadCpuMs()}\n`);
  });
} else {
  // A worker ended by terminate() runs no exit handler: its CPU time so far is written every
  // quarter second as well, and the benchmark keeps each thread's last figure.
  const report = (): void => void process.stderr.write(`padan-bench-worker-cpu-ms ${threadId} ${threadCpuMs()}\n`);
  setInterval(report, 250).unref();
  process.on('exit', report);
}
