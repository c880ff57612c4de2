import * as fs from 'fs';
import * as path from 'path';
/**
 * Writing the report: whole, before the process exits, however slowly the reader reads (a pipe
 * into a slow tool), and to a file only where a file may be written.
 */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '') return resolve();
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

export function writeErr(text: string): Promise<void> {
  return new Promise((resolve) => process.stderr.write(text, () => resolve()));
}

/** Writes a report file (`--output`): a regular file or a new one, never through a symbolic link. */
export function writeReport(file: string, text: string): void {
  const target = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(target);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isFile()) throw new Error(`${file} is not a regular file; the report was not written`);
  if (!fs.existsSync(path.dirname(target))) throw new Error(`the folder of ${file} does not exist; the report was not written`);
  fs.writeFileSync(target, text);
}

/** True when `p` is a symbolic link: Tech Policy never writes through one. */
export function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
