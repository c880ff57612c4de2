/**
 * What /proc says about a process (Linux): its CPU time and resident memory, for the bench and the
 * fuzz campaign, which judge work, not the wall clock. Undefined where there is no /proc.
 */
import * as fs from 'fs';

/**
 * CPU time used so far in milliseconds (user and system, in clock ticks of 10 ms): the whole
 * process's, or only its main thread's (the thread that runs JavaScript; the whole process's also
 * counts V8's garbage-collection and compiler threads running beside it on another core).
 */
export function cpuMs(pid: number | undefined, which: 'process' | 'main thread' = 'process'): number | undefined {
  try {
    const stat = fs.readFileSync(which === 'process' ? `/proc/${pid}/stat` : `/proc/${pid}/task/${pid}/stat`, 'utf8');
    // the command name, in parentheses, may hold spaces: fields are counted after its closing one
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident memory in MiB. */
export function rssMiB(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  } catch {
    return undefined;
  }
}
