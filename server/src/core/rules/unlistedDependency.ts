/** `unlisted-dependency` (off by default): a dependency that is neither approved nor a known technology. */
import type { Finding } from '../model';
import type { Range } from 'vscode-languageserver-types';
import { type RuleContext, severityOf } from './context';

export function checkUnlistedDependency(uri: string, dep: { name: string; range: Range }, ctx: RuleContext): Finding | undefined {
  if (dep.name.startsWith('@types/')) return undefined;
  const severity = severityOf(ctx, 'unlisted-dependency');
  if (!severity) return undefined;
  return {
    uri,
    range: dep.range,
    rule: 'unlisted-dependency',
    severity,
    subject: dep.name,
    subjectName: dep.name,
    kind: 'technology',
    message: `"${dep.name}": not listed in the policy. List it under "technologies" or request an exception.`,
  };
}
