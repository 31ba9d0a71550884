/**
 * The reaper: a tiny process the hub starts once, in its own process group. The hub tells it the
 * process group of every server it starts ("+PGID" / "-PGID" lines on stdin). When that pipe closes,
 * because the hub exited or was killed with SIGKILL, the reaper stops every group still listed
 * (SIGTERM, then SIGKILL) and exits. That is how no server outlives the hub, whatever kills the hub.
 * POSIX only: Windows would need a Job object.
 */
const groups = new Set<number>();
let buffer = '';

for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => {});

process.stdin.on('data', (chunk: Buffer) => {
  buffer += chunk.toString();
  let nl: number;
  while ((nl = buffer.indexOf('\n')) !== -1) {
    const line = buffer.slice(0, nl).trim();
    buffer = buffer.slice(nl + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === '+') groups.add(pgid);
    else if (line[0] === '-') groups.delete(pgid);
  }
});

process.stdin.on('close', () => {
  if (groups.size === 0) process.exit(0);
  signalAll('SIGTERM');
  setTimeout(() => {
    signalAll('SIGKILL');
    process.exit(0);
  }, 2000);
});

function signalAll(signal: NodeJS.Signals): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      groups.delete(pgid);
    }
  }
}
