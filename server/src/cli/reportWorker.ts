/**
 * The organisation build's workers: one worker thread per core, each the CLI's own bundle loaded
 * once, making one repository's report after another (`tech-policy report --format json`, the same
 * code), so a build over many clones pays for one program start per core, not one per repository.
 */
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { ReportModel } from '../core/report/model';
import { reportOfFolder } from './reportCommand';

const ROLE = 'tech-policy-report-worker';

export type WorkerResult = { report: ReportModel } | { problem: string };

/** True inside a report worker: the CLI then serves reports instead of reading its command line. */
export function isReportWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE;
}

/** The worker's side: a folder in, its report (or why not) out, until the parent lets it go. */
export function serveReports(): void {
  parentPort!.on('message', (job: { id: number; dir: string; since: string; today: string }) => {
    reportOfFolder(job.dir, { since: job.since, today: job.today, documents: true }).then(
      (report) => parentPort!.postMessage({ id: job.id, result: { report } }),
      (e: Error) => parentPort!.postMessage({ id: job.id, result: { problem: (e?.message ?? String(e)).replace(/\.$/, '') } }),
    );
  });
}

/** The parent's side: `dirs` reported by `width` workers running `cli` (the CLI bundle), in the order given. */
export async function reportInWorkers(cli: string, dirs: readonly string[], o: { since: string; today: string; width: number; onDone?: (dir: string) => void }): Promise<WorkerResult[]> {
  const results: WorkerResult[] = new Array(dirs.length);
  let next = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(cli, { workerData: { role: ROLE }, stdout: true, stderr: true });
      let current = -1;
      const give = () => {
        if (next >= dirs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ id: current, dir: dirs[current], since: o.since, today: o.today });
      };
      worker.on('message', (m: { id: number; result: WorkerResult }) => {
        results[m.id] = m.result;
        o.onDone?.(dirs[m.id]);
        give();
      });
      // a worker that dies takes only its current repository with it: named, and the rest go on in another
      worker.on('error', (e) => {
        if (current >= 0 && !results[current]) results[current] = { problem: `the report could not be made: ${e.message}` };
        resolve(one());
      });
      give();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.width, dirs.length)) }, one));
  return results;
}
