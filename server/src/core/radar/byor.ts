/** A Thoughtworks build-your-own-radar sheet (CSV): its export and its import. */
import { descriptionOf } from './items';
import { quadrantNamed, ringNamed } from './match';
import { QUADRANTS } from './quadrants';
import { row } from './read';
import type { ParsedRadar, RadarItem, RadarParse } from './types';

/** The header a BYOR sheet must start with. */
export const BYOR_HEADER = 'name,ring,quadrant,isNew,description';

const RING_HINT = 'use adopt, trial, assess or hold';

/** A Thoughtworks build-your-own-radar sheet: `name,ring,quadrant,isNew,description`, RFC 4180 quoting. */
export function exportByor(items: readonly RadarItem[]): string {
  const rows = items.map((i) => [i.name, capitalise(i.ring), QUADRANTS.find((q) => q.id === i.quadrant)!.name, 'FALSE', descriptionOf(i)].map(csvField).join(','));
  return [BYOR_HEADER, ...rows].join('\n') + '\n';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface CsvRecord {
  /** The line the record starts on (1-based). */
  line: number;
  fields: string[];
  /** A quoted field that never closes (the record runs to the end of the file). */
  unterminated?: boolean;
}

/** RFC 4180 records: `,` between fields, CRLF, LF or CR between records, `"` quoting with `""` for a quote. Linear. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      // a quoted field: up to the lone closing quote
      i++;
      let closed = false;
      let value = '';
      while (i < text.length) {
        const d = text[i];
        if (d === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (d === '\n' || (d === '\r' && text[i + 1] !== '\n')) line++;
        value += d;
        i++;
      }
      field = value;
      if (!closed) {
        fields.push(field);
        records.push({ line: start, fields, unterminated: true });
        return records;
      }
      // anything between the closing quote and the separator is kept, as spreadsheets do
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
      line++;
      start = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** A BYOR sheet: a header naming at least `name` and `ring` (any case, any order), then one technology a row. */
export function parseByor(text: string): RadarParse {
  const records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = records[0];
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const col = (name: string) => columns.indexOf(name);
  if (!header || col('name') < 0 || col('ring') < 0) {
    return { error: `the radar is neither JSON (a Zalando or Backstage radar) nor a BYOR CSV (its first line must be the header ${BYOR_HEADER}).` };
  }
  const out: ParsedRadar = { format: 'byor', rows: [], broken: [], notes: [] };
  for (const [i, r] of records.slice(1).entries()) {
    const where = `row ${i + 1} at line ${r.line}`;
    const get = (name: string) => (col(name) >= 0 ? (r.fields[col(name)] ?? '').trim() : '');
    if (r.unterminated) {
      out.broken.push({ where, reason: 'a quoted field is never closed' });
      continue;
    }
    const name = get('name');
    if (!name) {
      out.broken.push({ where, reason: 'it has no name' });
      continue;
    }
    const ringText = get('ring');
    const ring = ringNamed(ringText);
    if (!ring) {
      out.broken.push({ where, reason: `"${name}" has an unknown ring "${ringText}" (${RING_HINT})` });
      continue;
    }
    const quadrantLabel = get('quadrant');
    const description = get('description');
    out.rows.push(row(where, name, ring, quadrantLabel ? { value: quadrantNamed(quadrantLabel), label: quadrantLabel, byPosition: false } : undefined, description || undefined));
  }
  return out;
}
