/** The JSON layout the Zalando and Backstage exports share. */

/** JSON with one quadrant, ring or entry a line: a change to one technology is a one-line diff. */
export function radarJson(document: Record<string, readonly unknown[]>): string {
  const sections = Object.entries(document).map(([key, list]) => `  ${JSON.stringify(key)}: [${list.length ? `\n${list.map((x) => `    ${inlineJson(x)}`).join(',\n')}\n  ` : ''}]`);
  return `{\n${sections.join(',\n')}\n}\n`;
}

function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return fields.length ? `{ ${fields.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}
