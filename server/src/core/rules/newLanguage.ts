/** `new-language`: a language manifest for a language the policy's `languages` does not list. */
import type { Range } from 'vscode-languageserver-types';
import type { Finding } from '../model';
import { type RuleContext, severityOf } from './context';
import { shortList } from './newTechnology';

export const LANGUAGE_NAMES: Record<string, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  go: 'Go',
  rust: 'Rust',
  python: 'Python',
  java: 'Java',
  kotlin: 'Kotlin',
  scala: 'Scala',
  swift: 'Swift',
  ruby: 'Ruby',
  csharp: 'C#',
  fsharp: 'F#',
  vb: 'Visual Basic',
  php: 'PHP',
  elixir: 'Elixir',
};

export function languageName(id: string): string {
  return LANGUAGE_NAMES[id] ?? id;
}

/** Languages that a listed language also allows (a package.json is JavaScript or TypeScript). */
function allowed(language: string, listed: readonly string[]): boolean {
  if (listed.includes(language)) return true;
  return language === 'javascript' && listed.includes('typescript');
}

export function checkNewLanguage(uri: string, language: string, range: Range, ctx: RuleContext): Finding | undefined {
  const listed = ctx.policy.languages;
  if (!listed) return undefined; // inactive without a `languages` list
  if (allowed(language, listed)) return undefined;
  const severity = severityOf(ctx, 'new-language');
  if (!severity) return undefined;
  const name = languageName(language);
  const allowedNames = listed.length ? shortList(listed.map(languageName)) : 'none listed';
  return {
    uri,
    range,
    rule: 'new-language',
    severity,
    subject: language,
    subjectName: name,
    kind: 'language',
    message: `${name}: new language (allowed: ${allowedNames}). Needs a signed exception.`,
  };
}
