/**
 * The floor of `npm run bench`'s CLI figures, run as a process of its own: a plain breadth-first
 * walk with readdirSync over the tree named on the command line, into every folder but
 * node_modules (which tech-policy does not enter either). Prints how many entries it saw.
 */
import * as fs from 'fs';
import * as path from 'path';

let entries = 0;
const queue = [process.argv[2]];
for (let i = 0; i < queue.length; i++) {
  for (const e of fs.readdirSync(queue[i], { withFileTypes: true })) {
    entries++;
    if (e.isDirectory() && e.name !== 'node_modules') queue.push(path.join(queue[i], e.name));
  }
}
process.stdout.write(`${entries}\n`);
