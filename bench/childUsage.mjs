// Preloaded (`node --import`) into a measured child: on exit it writes the process's
// peak resident set size and CPU time to file descriptor 3, which the bench reads.
// Nothing else about the child changes. CPU time is the steadier figure on a shared
// machine: other processes' load stretches wall time far more than it does CPU time.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  } catch {
    // Not started by the bench (no descriptor 3): nothing to report.
  }
});
