// Preloaded (`node --import`) into a measured child: on exit it writes the process's
// peak resident set size and CPU time (user and system) to file descriptor 3, which
// the bench reads. Nothing else about the child changes.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ maxRssKb: usage.maxRSS, userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000 }));
  } catch {
    // Not started by the bench (no descriptor 3): nothing to report.
  }
});
