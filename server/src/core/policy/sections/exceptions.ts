/** Where exception documents live and when they are shown as expiring: `exceptionsDirectory`, `expiryWarningDays`. */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';

export function readExceptionsDirectory(node: Node, cx: LayerContext): void {
  cx.layer.locations.exceptionsDirectory = cx.range(node);
  const dir = node.type === 'string' ? node.value.trim() : '';
  if (dir === '') cx.problem(node, '"exceptionsDirectory" must be a non-empty string (a folder relative to the workspace).');
  else if (escapesFolder(dir)) cx.problem(node, `"exceptionsDirectory" must be a folder inside the workspace ("docs/policy-exceptions"), not "${dir.slice(0, 100)}": Tech Policy never reads or writes exception documents elsewhere. The default applies.`);
  else cx.layer.exceptionsDirectory = dir;
}

export function readExpiryWarningDays(node: Node, cx: LayerContext): void {
  if (node.type === 'number' && Number.isInteger(node.value) && node.value >= 0 && node.value <= 3650) cx.layer.expiryWarningDays = node.value;
  else cx.problem(node, '"expiryWarningDays" is a whole number of days (0 to 3650).');
}

/** An absolute path, or one whose `..` climbs above where it starts. */
function escapesFolder(p: string): boolean {
  if (/^([a-zA-Z]:)?[\\/]/.test(p) || p.startsWith('~')) return true;
  let depth = 0;
  for (const segment of p.split(/[\\/]+/)) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}
