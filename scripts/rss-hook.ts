// Loaded with `node --import` by the benchmarks: reports the peak RSS of the process on exit,
// so the figures cover padan as a user runs it, worker threads included.
process.on('exit', () => {
  process.stderr.write(`padan-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
