import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time read off /proc (Linux), to report a benchmark's cost per unit of work: on a shared
 * 2-core machine whose speed drifts, CPU milliseconds per flow move far less from run to run than
 * flows per second, so two revisions compare by it.
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this project runs on

function processTicks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name, which may itself hold spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // the process ended meanwhile
  }
}

/** CPU ms used so far by one process (all its threads: GC helpers included). */
export const processCpuMs = (pid: number): number => (processTicks(pid) * 1000) / TICKS_PER_SECOND;

/** CPU ms used so far by the PostgreSQL processes running on this machine (backends and helpers alive now). */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') ticks += processTicks(entry);
    } catch {
      // gone between the listing and the read
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Busy and total CPU ticks of the whole machine, from the first line of /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = values[3] + values[4]; // idle + iowait
  return { busy: total - idle, total };
}

/**
 * Nanoseconds a thread has spent running and waiting on a run queue (runnable, but every core busy
 * with something else), from /proc/<pid>/task/<tid>/schedstat; null where the kernel keeps no such
 * figures. For a server's main thread, the waiting share is latency no code of its own explains.
 */
export function threadSchedule(pid: number, tid: number = pid): { runningNs: number; waitingNs: number } | null {
  try {
    const [running, waiting] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(running) && Number.isFinite(waiting) ? { runningNs: running, waitingNs: waiting } : null;
  } catch {
    return null;
  }
}
