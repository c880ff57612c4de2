/** Markdown source → the text a reader sees of it, for assertions: backslash escapes removed. */
export function unescapeMarkdown(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The link and image targets a Markdown text makes (what an editor would fetch or open). */
export function markdownTargets(md: string): string[] {
  const out: string[] = [];
  // a `](` that is not escaped, then the target up to the closing parenthesis
  for (const m of md.matchAll(/(?<!\\)\]\(([^)\s]*)\)/g)) out.push(m[1]);
  for (const m of md.matchAll(/(?<!\\)<(https?:[^>]*)>/g)) out.push(m[1]);
  return out;
}
