// Radar interchange: the policy as Zalando, BYOR and Backstage radars (exact texts), and those
// radars read back into a policy text (matching, reporting, never overwriting without force).
import * as assert from 'assert';
import { exportBackstage } from '../../server/src/core/radar/backstage';
import { exportByor, parseCsv } from '../../server/src/core/radar/byor';
import { describeImport, type ImportOutcome, importRadar } from '../../server/src/core/radar/import';
import { exportRadar, parseRadar } from '../../server/src/core/radar/interchange';
import { radarItems } from '../../server/src/core/radar/items';
import { quadrantNamed, slugOf } from '../../server/src/core/radar/match';
import type { ParsedRadar } from '../../server/src/core/radar/types';
import { exportZalando } from '../../server/src/core/radar/zalando';
import { parsePolicyLayer } from '../../server/src/core/policy/parse';
import type { TechnologyEntry } from '../../server/src/core/policy/types';

const POLICY: { technologies: Record<string, TechnologyEntry> } = {
  technologies: {
    express: { ring: 'adopt' },
    // an alias: exported once, as the catalog's postgres
    postgresql: { ring: 'trial', note: 'Use it "carefully", with backups\nand a runbook' },
    moment: { ring: 'hold', note: 'Use date-fns for new code.' },
    vite: { ring: 'assess' },
    'acme-bus': { ring: 'trial', name: 'Acme Bus', category: 'messaging' },
  },
};

function parsed(text: string): ParsedRadar {
  const r = parseRadar(text);
  if ('error' in r) assert.fail(r.error);
  return r;
}

function imported(policyText: string, radarText: string, options: Parameters<typeof importRadar>[2] = {}): ImportOutcome {
  const r = importRadar(policyText, parsed(radarText), options);
  if ('error' in r) assert.fail(r.error);
  return r;
}

suite('radar interchange: export', () => {
  test('the policy\'s technologies, aliases resolved, ordered by quadrant, ring, then name', () => {
    assert.deepStrictEqual(
      radarItems(POLICY).map((i) => `${i.quadrant} ${i.ring} ${i.id} ${i.name}`),
      ['frameworks adopt express Express', 'data trial acme-bus Acme Bus', 'data trial postgres PostgreSQL', 'tools assess vite Vite', 'tools hold moment moment'],
    );
  });

  test('BYOR: exactly the header name,ring,quadrant,isNew,description, capitalised rings, RFC 4180 quoting', () => {
    assert.strictEqual(
      exportByor(radarItems(POLICY)),
      [
        'name,ring,quadrant,isNew,description',
        'Express,Adopt,Frameworks,FALSE,web framework',
        'Acme Bus,Trial,Data and messaging,FALSE,message broker',
        'PostgreSQL,Trial,Data and messaging,FALSE,"Use it ""carefully"", with backups\nand a runbook"',
        'Vite,Assess,Tools,FALSE,bundler',
        'moment,Hold,Tools,FALSE,Use date-fns for new code.',
        '',
      ].join('\n'),
    );
  });

  test('Zalando: quadrants and rings of the config, entries with label, quadrant and ring indexes, moved 0', () => {
    assert.strictEqual(
      exportZalando(radarItems(POLICY)),
      `{
  "quadrants": [
    { "name": "Frameworks" },
    { "name": "Data and messaging" },
    { "name": "Infrastructure" },
    { "name": "Tools" }
  ],
  "rings": [
    { "name": "ADOPT", "color": "#5ba300" },
    { "name": "TRIAL", "color": "#009eb0" },
    { "name": "ASSESS", "color": "#c7ba00" },
    { "name": "HOLD", "color": "#e09b96" }
  ],
  "entries": [
    { "label": "Express", "quadrant": 0, "ring": 0, "moved": 0 },
    { "label": "Acme Bus", "quadrant": 1, "ring": 1, "moved": 0 },
    { "label": "PostgreSQL", "quadrant": 1, "ring": 1, "moved": 0 },
    { "label": "Vite", "quadrant": 3, "ring": 2, "moved": 0 },
    { "label": "moment", "quadrant": 3, "ring": 3, "moved": 0 }
  ]
}
`,
    );
  });

  test('Backstage: a TechRadarLoaderResponse; entries with id, key, title, quadrant id, description and a one-snapshot timeline', () => {
    const text = exportBackstage(radarItems(POLICY), '2026-11-25');
    assert.strictEqual(
      text,
      `{
  "quadrants": [
    { "id": "frameworks", "name": "Frameworks" },
    { "id": "data", "name": "Data and messaging" },
    { "id": "infrastructure", "name": "Infrastructure" },
    { "id": "tools", "name": "Tools" }
  ],
  "rings": [
    { "id": "adopt", "name": "ADOPT", "color": "#5ba300" },
    { "id": "trial", "name": "TRIAL", "color": "#009eb0" },
    { "id": "assess", "name": "ASSESS", "color": "#c7ba00" },
    { "id": "hold", "name": "HOLD", "color": "#e09b96" }
  ],
  "entries": [
    { "id": "express", "key": "express", "title": "Express", "quadrant": "frameworks", "description": "web framework", "timeline": [{ "moved": 0, "ringId": "adopt", "date": "2026-11-25" }] },
    { "id": "acme-bus", "key": "acme-bus", "title": "Acme Bus", "quadrant": "data", "description": "message broker", "timeline": [{ "moved": 0, "ringId": "trial", "date": "2026-11-25" }] },
    { "id": "postgres", "key": "postgres", "title": "PostgreSQL", "quadrant": "data", "description": "Use it \\"carefully\\", with backups\\nand a runbook", "timeline": [{ "moved": 0, "ringId": "trial", "date": "2026-11-25" }] },
    { "id": "vite", "key": "vite", "title": "Vite", "quadrant": "tools", "description": "bundler", "timeline": [{ "moved": 0, "ringId": "assess", "date": "2026-11-25" }] },
    { "id": "moment", "key": "moment", "title": "moment", "quadrant": "tools", "description": "Use date-fns for new code.", "timeline": [{ "moved": 0, "ringId": "hold", "date": "2026-11-25" }] }
  ]
}
`,
    );
    // every quadrant and ring an entry names exists, as the plugin's loader requires
    const doc = JSON.parse(text);
    for (const e of doc.entries) {
      assert.ok(doc.quadrants.some((q: { id: string }) => q.id === e.quadrant));
      assert.ok(doc.rings.some((r: { id: string }) => r.id === e.timeline[0].ringId));
    }
  });

  test('an empty policy exports empty radars; the export is the same whatever the key order', () => {
    assert.strictEqual(exportByor(radarItems({ technologies: {} })), 'name,ring,quadrant,isNew,description\n');
    assert.deepStrictEqual(JSON.parse(exportZalando([])).entries, []);
    const reversed = { technologies: Object.fromEntries(Object.entries(POLICY.technologies).reverse()) };
    for (const f of ['zalando', 'byor', 'backstage'] as const) assert.strictEqual(exportRadar(f, reversed, { date: '2026-01-01' }), exportRadar(f, POLICY, { date: '2026-01-01' }));
  });
});

suite('radar interchange: reading a radar', () => {
  test('CSV: RFC 4180 quotes, doubled quotes, commas and line breaks inside quotes, CRLF, the line each record starts on', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi""\r\nthere"\r\n,last\n');
    assert.deepStrictEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\r\nthere'] },
      { line: 4, fields: ['', 'last'] },
    ]);
    assert.deepStrictEqual(parseCsv('a,"never closed\nb'), [{ line: 1, fields: ['a', 'never closed\nb'], unterminated: true }]);
  });

  test('BYOR: rows by header name (any case, any order); a row with no name or an unknown ring is reported with its row and line', () => {
    const r = parsed('Ring,Name,Quadrant,Description\nadopt,PostgreSQL,Data Management,"Our default, always"\n"Trial",,Tools,\nsometimes,Jenkins,Tools,\n\nHOLD,Moment,Languages & Frameworks,\n');
    assert.strictEqual(r.format, 'byor');
    assert.deepStrictEqual(r.rows, [
      { where: 'row 1 at line 2', name: 'PostgreSQL', ring: 'adopt', quadrant: 'data', quadrantLabel: 'Data Management', description: 'Our default, always' },
      { where: 'row 4 at line 6', name: 'Moment', ring: 'hold', quadrant: 'frameworks', quadrantLabel: 'Languages & Frameworks' },
    ]);
    assert.deepStrictEqual(r.broken, [
      { where: 'row 2 at line 3', reason: 'it has no name' },
      { where: 'row 3 at line 4', reason: '"Jenkins" has an unknown ring "sometimes" (use adopt, trial, assess or hold)' },
    ]);
  });

  test('our BYOR export reads back as it was written', () => {
    const r = parsed(exportByor(radarItems(POLICY)));
    assert.deepStrictEqual(
      r.rows.map((x) => [x.name, x.ring, x.quadrant, x.description]),
      [
        ['Express', 'adopt', 'frameworks', 'web framework'],
        ['Acme Bus', 'trial', 'data', 'message broker'],
        ['PostgreSQL', 'trial', 'data', 'Use it "carefully", with backups\nand a runbook'],
        ['Vite', 'assess', 'tools', 'bundler'],
        ['moment', 'hold', 'tools', 'Use date-fns for new code.'],
      ],
    );
  });

  test('Zalando: rings and quadrants are indexes into its lists; rings read by name, else by position (noted); bad entries numbered', () => {
    const r = parsed(
      JSON.stringify({
        quadrants: [{ name: 'Bottom Right' }, { name: 'Data Management' }, { name: 'Platforms' }, { name: 'Techniques' }],
        rings: [{ name: 'ADOPT' }, { name: 'TRIAL' }, { name: 'HOLD' }, { name: 'REDUCE' }],
        entries: [
          { label: 'Kafka', quadrant: 1, ring: 0, moved: 0 },
          { label: 'Struts', quadrant: 0, ring: 3, moved: -1, link: 'https://wiki.example/struts' },
          { label: 'Nginx', quadrant: 2, ring: 9 },
          { label: '  ', quadrant: 2, ring: 1 },
          { label: 'Legacy', quadrant: 7, ring: '1' },
        ],
      }),
    );
    assert.strictEqual(r.format, 'zalando');
    assert.deepStrictEqual(r.rows, [
      { where: 'entry 1', name: 'Kafka', ring: 'adopt', quadrant: 'data', quadrantLabel: 'Data Management' },
      { where: 'entry 2', name: 'Struts', ring: 'hold', quadrant: 'frameworks', quadrantLabel: 'Bottom Right', quadrantByPosition: true },
    ]);
    assert.deepStrictEqual(r.broken, [
      { where: 'entry 3', reason: '"Nginx" has an unknown ring 9 (the radar\'s rings are 0 to 3)' },
      { where: 'entry 4', reason: 'it has no label' },
      { where: 'entry 5', reason: '"Legacy" has an unknown ring "1" (the radar\'s rings are 0 to 3)' },
    ]);
    assert.deepStrictEqual(r.notes, [
      'The radar\'s ring "REDUCE" is read as hold (by its position; the rings are adopt, trial, assess, hold).',
      "The radar's links are not imported: a policy technology has no link setting.",
    ]);
  });

  test('Backstage: told apart by its timeline; the ring is timeline[0] (the newest), the quadrant an id of its list', () => {
    const r = parsed(
      JSON.stringify({
        quadrants: [{ id: 'infra', name: 'Infrastructure' }, { id: 'langs', name: 'Languages' }],
        rings: [{ id: 'use', name: 'USE', color: '#000' }, { id: 'trial', name: 'TRIAL', color: '#111' }],
        entries: [
          { id: 'gha', key: 'gha', title: 'GitHub Actions', quadrant: 'infra', timeline: [{ ringId: 'trial', date: '2024-01-01', description: 'newest' }, { ringId: 'use', date: '2023-01-01' }] },
          { id: 'ts', key: 'ts', title: 'TypeScript', quadrant: 'langs', description: 'Our language', timeline: [{ ringId: 'use', date: '2023-01-01' }] },
          { id: 'x', key: 'x', title: 'X', quadrant: 'infra', timeline: [] },
          { id: 'y', key: 'y', quadrant: 'infra', timeline: [{ ringId: 'use', date: '2023-01-01' }] },
          { id: 'z', key: 'z', title: 'Z', quadrant: 'infra', timeline: [{ ringId: 'retired', date: '2023-01-01' }] },
        ],
      }),
    );
    assert.strictEqual(r.format, 'backstage');
    assert.deepStrictEqual(r.rows, [
      { where: 'entry 1', name: 'GitHub Actions', ring: 'trial', quadrant: 'infrastructure', quadrantLabel: 'Infrastructure', description: 'newest' },
      { where: 'entry 2', name: 'TypeScript', ring: 'adopt', quadrant: 'frameworks', quadrantLabel: 'Languages', description: 'Our language' },
    ]);
    assert.deepStrictEqual(r.broken, [
      { where: 'entry 3', reason: '"X" has no ring (no timeline[0].ringId)' },
      { where: 'entry 4', reason: 'it has no title' },
      { where: 'entry 5', reason: '"Z" has an unknown ring "retired"' },
    ]);
    assert.deepStrictEqual(r.notes, ['The radar\'s ring "USE" is read as adopt (by its position; the rings are adopt, trial, assess, hold).']);
  });

  test('our own Zalando and Backstage exports are detected as such; anything else is one sentence', () => {
    assert.strictEqual(parsed(exportZalando(radarItems(POLICY))).format, 'zalando');
    assert.strictEqual(parsed(exportBackstage(radarItems(POLICY), '2026-01-01')).format, 'backstage');
    assert.strictEqual(parsed('\ufeffname,ring\nVite,adopt\n').rows[0].name, 'Vite');
    assert.strictEqual(parsed('[{ "label": "Vite", "quadrant": 3, "ring": 0 }]').rows[0].ring, 'adopt');
    const error = (text: string) => {
      const r = parseRadar(text);
      return 'error' in r ? r.error : 'parsed';
    };
    assert.match(error(''), /neither JSON .* nor a BYOR CSV/);
    assert.match(error('title,status\nVite,ok\n'), /its first line must be the header name,ring,quadrant,isNew,description/);
    assert.match(error('{ "entries": [ }'), /^the radar is not valid JSON \(.* at line 1, column \d+\)\.$/);
    assert.match(error('{ "title": "x" }'), /no "entries" list/);
    assert.match(error('['.repeat(1000)), /nests too deep/);
  });

  test('quadrant names of other radars map to ours', () => {
    assert.deepStrictEqual(
      ['Languages & Frameworks', 'Data Management', 'Platforms', 'Techniques', 'Tools', 'data', 'Infrastructure', 'Bottom Right'].map(quadrantNamed),
      ['frameworks', 'data', 'infrastructure', 'tools', 'tools', 'data', 'infrastructure', undefined],
    );
  });
});

suite('radar interchange: import into the policy', () => {
  const POLICY_TEXT = `{
  // our stack
  "technologies": {
    "express": { "ring": "adopt" },
    "postgresql": "trial", // the alias names postgres
    "moment": { "ring": "hold", "note": "Use date-fns." }
  },
  "services": { "web": {} }
}
`;
  const CSV = 'name,ring,quadrant,isNew,description\nPostgreSQL,Adopt,Data and messaging,FALSE,datastore\nReact,Trial,Frameworks,TRUE,front-end framework\nNextJS,Assess,Frameworks,TRUE,"SSR, maybe"\nAcme Event Bus,Trial,Data Management,TRUE,Ours\nExpress,Hold,Frameworks,FALSE,\n,Adopt,Tools,FALSE,\nVite,Never,Tools,FALSE,\nreactjs,Adopt,Frameworks,FALSE,\n';

  test('names match catalog ids, aliases and names case-insensitively; the unknown are added under a slug with their quadrant\'s category; entries go after the last, one a line', () => {
    const out = imported(POLICY_TEXT, CSV);
    assert.strictEqual(
      out.text,
      `{
  // our stack
  "technologies": {
    "express": { "ring": "adopt" },
    "postgresql": "trial", // the alias names postgres
    "moment": { "ring": "hold", "note": "Use date-fns." },
    "react": { "ring": "trial" },
    "nextjs": { "ring": "assess", "note": "SSR, maybe" },
    "acme-event-bus": { "ring": "trial", "name": "Acme Event Bus", "category": "data", "note": "Ours" }
  },
  "services": { "web": {} }
}
`,
    );
    assert.deepStrictEqual(
      out.added.map((a) => [a.id, a.ring, a.where, a.unmatched?.category]),
      [
        ['react', 'trial', 'row 2 at line 3', undefined],
        ['nextjs', 'assess', 'row 3 at line 4', undefined],
        ['acme-event-bus', 'trial', 'row 4 at line 5', 'data'],
      ],
    );
    assert.deepStrictEqual(
      out.kept.map((k) => [k.id, k.key, k.policyRing, k.ring]),
      [
        ['postgres', 'postgresql', 'trial', 'adopt'],
        ['express', 'express', 'adopt', 'hold'],
      ],
    );
    assert.deepStrictEqual(out.skipped, [
      { where: 'row 6 at line 7', reason: 'it has no name' },
      { where: 'row 7 at line 8', reason: '"Vite" has an unknown ring "Never" (use adopt, trial, assess or hold)' },
      { where: 'row 8 at line 9', reason: '"reactjs" is react again (as row 2 at line 3)' },
    ]);
    // the result is a valid policy with the rings of the radar
    const layer = parsePolicyLayer('file:///techpolicy.json', out.text);
    assert.deepStrictEqual(layer.problems, []);
    assert.strictEqual(layer.technologies['acme-event-bus'].ring, 'trial');
  });

  test('a second import without force changes nothing; with force the rings (and notes) of existing entries are replaced, nothing else', () => {
    const first = imported(POLICY_TEXT, CSV);
    const again = imported(first.text, CSV);
    assert.strictEqual(again.changed, false);
    assert.strictEqual(again.text, first.text);
    assert.strictEqual(again.added.length, 0);
    assert.strictEqual(again.kept.length, 5);
    const forced = imported(first.text, CSV, { force: true });
    assert.deepStrictEqual(
      forced.replaced.map((r) => `${r.key} ${r.policyRing} → ${r.ring}`),
      ['postgresql trial → adopt', 'express adopt → hold'],
    );
    assert.match(forced.text, /\n {4}"express": \{ "ring": "hold" \},\n/);
    assert.match(forced.text, /\n {4}"postgresql": "adopt", \/\/ the alias names postgres\n/);
    assert.match(forced.text, /"moment": \{ "ring": "hold", "note": "Use date-fns." \}/);
    assert.strictEqual(imported(forced.text, CSV, { force: true }).changed, false);
  });

  test('force keeps an entry\'s other settings and adds the note after them', () => {
    const text = '{\n  "technologies": {\n    "acme-ui": { "ring": "hold", "packages": ["@acme/ui"], "category": "styling" }\n  }\n}\n';
    const out = imported(text, 'name,ring,description\nacme-ui,Adopt,"The design system"\n', { force: true });
    assert.strictEqual(out.text, '{\n  "technologies": {\n    "acme-ui": { "ring": "adopt", "packages": ["@acme/ui"], "category": "styling", "note": "The design system" }\n  }\n}\n');
  });

  test('a line comment after the last entry stays with it; trailing commas, tabs and CRLF are kept', () => {
    const commented = imported('{\n  "technologies": {\n    "express": "adopt" // why\n  }\n}\n', 'name,ring\nVite,adopt\n');
    assert.strictEqual(commented.text, '{\n  "technologies": {\n    "express": "adopt", // why\n    "vite": { "ring": "adopt" }\n  }\n}\n');
    const trailing = imported('{\r\n\t"technologies": {\r\n\t\t"express": "adopt",\r\n\t},\r\n}\r\n', 'name,ring\nVite,adopt\n');
    assert.strictEqual(trailing.text, '{\r\n\t"technologies": {\r\n\t\t"express": "adopt",\r\n\t\t"vite": { "ring": "adopt" },\r\n\t},\r\n}\r\n');
  });

  test('a policy without technologies gets the section; an empty one too; a byte-order mark stays', () => {
    assert.strictEqual(
      imported('{\n  "services": { "web": {} } // one monolith\n}\n', 'name,ring\nVite,adopt\n').text,
      '{\n  "services": { "web": {} }, // one monolith\n  "technologies": {\n    "vite": { "ring": "adopt" }\n  }\n}\n',
    );
    assert.strictEqual(imported('{}', 'name,ring\nVite,adopt\n').text, '{\n  "technologies": {\n    "vite": { "ring": "adopt" }\n  }\n}');
    assert.strictEqual(imported('\ufeff{ "technologies": {} }', 'name,ring\nVite,adopt\n').text.charCodeAt(0), 0xfeff);
  });

  test('entries the policy inherits (extends) count as existing; a policy that is not JSON is refused', () => {
    const out = imported('{ "extends": ["./base.json"] }', 'name,ring\nKafka,adopt\nRedis,trial\n', { inherited: { kafka: { ring: 'hold' } } });
    assert.deepStrictEqual(out.kept.map((k) => [k.id, k.inherited, k.policyRing]), [['kafka', true, 'hold']]);
    assert.deepStrictEqual(out.added.map((a) => a.id), ['redis']);
    const forced = imported('{ "extends": ["./base.json"] }', 'name,ring\nKafka,adopt\n', { force: true, inherited: { kafka: { ring: 'hold' } } });
    assert.strictEqual(forced.text, '{ "extends": ["./base.json"], "technologies": {\n  "kafka": { "ring": "adopt" }\n} }');
    assert.deepStrictEqual(describeImport(forced, 'r.csv', 'techpolicy.json', 'byor')[0], 'replaced: kafka, hold → adopt ("Kafka", row 1 at line 2, --force; this file now overrides the extended policy)');
    for (const bad of ['{ "technologies": ', '[]', '{ "technologies": [] }', '']) {
      const r = importRadar(bad, parsed('name,ring\nVite,adopt\n'));
      assert.ok('error' in r, bad);
    }
  });

  test('export, then import into an empty policy: the same technologies and rings', () => {
    for (const text of [exportByor(radarItems(POLICY)), exportZalando(radarItems(POLICY)), exportBackstage(radarItems(POLICY), '2026-01-01')]) {
      const out = imported('{}', text);
      const layer = parsePolicyLayer('file:///techpolicy.json', out.text);
      assert.deepStrictEqual(radarItems(layer).map((i) => `${i.id} ${i.ring} ${i.quadrant}`), radarItems(POLICY).map((i) => `${i.id} ${i.ring} ${i.quadrant}`));
    }
  });

  test('slugs: letters and digits, accents dropped, + and # spelled out', () => {
    assert.deepStrictEqual(['Internal Event Bus', 'C#', 'C++', 'Señor API v2', '  --Ünïcode--  ', '???'].map(slugOf), ['internal-event-bus', 'c-sharp', 'c-plus-plus', 'senor-api-v2', 'unicode', '']);
  });

  test('the report: one line per added, unmatched, kept and skipped entry, then the summary; names on one line', () => {
    const out = imported(POLICY_TEXT, CSV.replace('Acme Event Bus', 'Acme\u001b[31m Bus'));
    const lines = describeImport(out, 'radar.csv', 'techpolicy.json', 'byor');
    assert.deepStrictEqual(lines, [
      'added: react, trial ("React", row 2 at line 3)',
      'added: nextjs, assess ("NextJS", row 3 at line 4)',
      'unmatched: "Acme\\u001b[31m Bus" (row 4 at line 5) is not in the catalog: added as acme-31m-bus, trial, category data, the generic one of Data and messaging (quadrant "Data Management"); name a more specific category in the policy if one fits',
      'kept: postgresql ("PostgreSQL", row 1 at line 2): the policy has it as trial, the radar says adopt; --force replaces it',
      'kept: express ("Express", row 5 at line 6): the policy has it as adopt, the radar says hold; --force replaces it',
      'skipped: row 6 at line 7: it has no name',
      'skipped: row 7 at line 8: "Vite" has an unknown ring "Never" (use adopt, trial, assess or hold)',
      'skipped: row 8 at line 9: "reactjs" is react again (as row 2 at line 3)',
      'Imported radar.csv (Thoughtworks BYOR CSV) into techpolicy.json: 3 added (1 unmatched), 2 kept, 3 skipped.',
    ]);
  });
});
