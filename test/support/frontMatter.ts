/** The scalar fields of a document's YAML front matter (`key: value  # comment`), for assertions. */
export function frontMatter(text: string): Record<string, string> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  const fields: Record<string, string> = {};
  for (const line of match ? match[1].split(/\r?\n/) : []) {
    const m = /^([A-Za-z][\w-]*):(.*)$/.exec(line.replace(/(^|\s)#.*$/, ''));
    if (m) fields[m[1]] = m[2].trim();
  }
  return fields;
}
