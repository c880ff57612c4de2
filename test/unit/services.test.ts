import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createPolicyText } from '../../server/src/core/features/createPolicy';
import { hoverPackageJson, hoverScaffolding } from '../../server/src/core/features/hover';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { isCheckedPath } from '../../server/src/core/scan/workspaceFiles';
import { applyTextEdits, approveServiceEdits } from '../../server/src/core/features/policyEdits';
import type { ScaffoldingFacts } from '../../server/src/core/scan/scaffolding';
import { copyFixture, fixturePath, loadFixture, rangeOf, summarize } from '../support/fixtures';

const POLICY = JSON.stringify({
  approvers: [{ name: 'Dana Reyes', role: 'CTO' }],
  languages: ['go', 'typescript'],
  // frontend by its places (its code and its manifest); checkoutservice by name alone, as a person may write it
  services: { frontend: { path: ['src/frontend', 'kubernetes-manifests/frontend.yaml'] }, checkoutservice: {} },
  technologies: { redis: 'adopt', grpc: 'adopt' },
});

suite('rules: new-service and new-language over real scaffolding', () => {
  const shop = loadFixture(fixturePath('scaffolding', 'demo-shop'), { policyText: POLICY });

  test('a 12-service, 5-language shop: every new service at each place it is declared, every new language on its manifest', () => {
    const lines = summarize(shop.check(), shop.root);
    // known services (by path or by name) and the redis stock-image workload are never flagged
    assert.ok(!lines.some((l) => / (frontend|checkoutservice|redis-cart|redis)$/.test(l)), lines.join('\n'));
    // one service seen through two signals is reported at both, under one subject
    assert.ok(lines.includes('src/adservice/Dockerfile:7:1 new-service adservice'), lines.join('\n'));
    assert.ok(lines.some((l) => /^kubernetes-manifests\/adservice\.yaml:\d+:\d+ new-service adservice$/.test(l)));
    assert.ok(lines.includes('src/adservice/pom.xml:1:1 new-language java'));
    assert.ok(lines.includes('src/emailservice/requirements.txt:1:1 new-language python'));
    assert.ok(lines.includes('src/cartservice/src/cartservice.csproj:1:1 new-language csharp'));
    assert.ok(!lines.some((l) => / new-language (go|javascript)$/.test(l)), 'go is listed; typescript allows package.json');
    const services = new Set(lines.filter((l) => l.includes(' new-service ')).map((l) => l.split(' ').pop()));
    assert.strictEqual(services.size, 10, [...services].join(', '));
  });

  test('messages name the monolith\'s services and the allowed languages', () => {
    const [service] = shop.checkFile('src/adservice/Dockerfile');
    assert.strictEqual(service.message, '"adservice": new deployable service (known: frontend and checkoutservice). Needs a signed exception.');
    const [language] = shop.checkFile('src/adservice/pom.xml');
    assert.strictEqual(language.message, 'Java: new language (allowed: Go and TypeScript). Needs a signed exception.');
  });

  test('an approved exception for a service covers every place it is declared', () => {
    const root = copyFixture('scaffolding/demo-shop');
    fs.mkdirSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs/policy-exceptions/EX-0001-adservice.md'), '---\nid: EX-0001\nrule: new-service\nsubject: adservice\nstatus: approved\napproved-by: Dana Reyes\napproved-on: 2026-11-20\n---\n## The product capability this enables\nAds.\n## Why the approved stack cannot deliver it\nJava.\n');
    const covered = loadFixture(root, { policyText: POLICY });
    assert.ok(!summarize(covered.check(), root).some((l) => l.endsWith(' adservice')));
  });

  test('without "languages" the new-language rule is inactive', () => {
    const policy = JSON.parse(POLICY);
    delete policy.languages;
    const quiet = loadFixture(fixturePath('scaffolding', 'demo-shop'), { policyText: JSON.stringify(policy) });
    assert.ok(!quiet.check().some((f) => f.rule === 'new-language'));
  });

  test('a compose file: built services are services, image-only services are technologies', () => {
    const compose = loadFixture(fixturePath('scaffolding', 'compose'), { policyText: JSON.stringify({ technologies: { postgres: 'adopt' }, services: { api: {} } }) });
    const text = compose.text('docker-compose.yml');
    const findings = compose.checkFile('docker-compose.yml');
    const billing = findings.find((f) => f.subject === 'billing')!;
    assert.deepStrictEqual([billing.rule, billing.range], ['new-service', rangeOf(text, 'billing')]);
    assert.ok(!findings.some((f) => f.subject === 'api'), 'a service named in the policy');
    assert.ok(!findings.some((f) => f.subject === 'postgres'), 'an approved stock image');
    assert.ok(findings.some((f) => f.rule === 'new-technology' && f.subject === 'kafka'), findings.map((f) => `${f.rule} ${f.subject}`).join(', '));
  });

  test('workspace apps: a nested package.json with a web framework and a start script is a service; a library is not', () => {
    const root = copyFixture('unit/monolith');
    fs.mkdirSync(path.join(root, 'apps/billing'), { recursive: true });
    const text = JSON.stringify({ name: '@shop/billing', scripts: { start: 'node index.js' }, dependencies: { express: '4' } }, null, 2);
    fs.writeFileSync(path.join(root, 'apps/billing/package.json'), text);
    fs.mkdirSync(path.join(root, 'packages/ui'), { recursive: true });
    fs.writeFileSync(path.join(root, 'packages/ui/package.json'), JSON.stringify({ name: '@shop/ui', dependencies: { react: '18' } }));
    const f = loadFixture(root);
    const findings = f.check();
    assert.deepStrictEqual(summarize(findings, root), ['apps/billing/package.json:2:11 new-service billing']);
    const hover = hoverPackageJson(f.folder, f.uri('apps/billing/package.json'), scanPackageJson(text), rangeOf(text, '@shop/billing').start)!;
    const md = (hover.contents as MarkupContent).value;
    assert.ok(md.startsWith('**billing** — deployable service · not part of the monolith'), md);
    assert.ok(!md.includes("deployables"), `the diagnostic above the hover names the deployables already:\n${md}`);
    assert.match(findings[0].message, /\(known: web\)/);
    assert.ok(md.includes('One monolith'), 'the built-in rationale');
  });

  test('approving a service: a path only for a folder of its own; a root "." covers root platform manifests only', () => {
    const root = copyFixture('scaffolding/compose');
    const policyText = JSON.stringify({ services: { web: { path: '.' } } }, null, 2);
    const f = loadFixture(root, { policyText });
    const billing = f.checkFile('docker-compose.yml').find((x) => x.subject === 'billing')!;
    assert.strictEqual(billing.folder, 'services/billing', 'a built compose service is the folder it builds');
    const after = applyTextEdits(policyText, approveServiceEdits(policyText, 'billing', billing.folder)!);
    assert.deepStrictEqual(JSON.parse(after).services.billing, { path: 'services/billing' });
    assert.deepStrictEqual(loadFixture(root, { policyText: after }).checkFile('docker-compose.yml').filter((x) => x.rule === 'new-service').map((x) => x.subject), ['api', 'mailer']);
    fs.writeFileSync(path.join(root, 'fly.toml'), 'app = "acme-prod"\n');
    const again = loadFixture(root, { policyText });
    assert.deepStrictEqual(again.checkFile('fly.toml'), [], 'the root fly app is the monolith at "."');
    assert.ok(again.checkFile('docker-compose.yml').some((x) => x.subject === 'billing'), '"." does not cover a root compose file\'s services');
  });

  test('workspace apps are named after their folder; a Next.js app with a start script counts; tools and vendored code do not', () => {
    const root = copyFixture('unit/monolith');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('apps/api/package.json', JSON.stringify({ name: '@acme/api-server', scripts: { start: 'node .' }, dependencies: { fastify: '5' } }));
    write('apps/admin/package.json', JSON.stringify({ name: 'admin', scripts: { start: 'next start' }, dependencies: { next: '15', react: '18' } }));
    write('apps/docs/package.json', JSON.stringify({ name: 'docs', scripts: { start: 'docusaurus start' }, dependencies: { '@docusaurus/core': '3' } }));
    write('.devcontainer/docker-compose.yml', 'services:\n  app:\n    build: .\n');
    write('.github/actions/notify/Dockerfile', 'FROM node:20\n');
    write('vendor/livewire/package.json', JSON.stringify({ name: 'x', dependencies: { vue: '3' } }));
    const lines = summarize(loadFixture(root).check(), root).filter((l) => / new-service /.test(l));
    assert.deepStrictEqual(lines.sort(), ['apps/admin/package.json:1:9 new-service admin', 'apps/api/package.json:1:9 new-service api']);
    assert.ok(!isCheckedPath('vendor/livewire/package.json', []));
  });

  test('hover on a Kubernetes workload, a stock image and a language manifest', () => {
    const manifest = 'kubernetes-manifests/adservice.yaml';
    const text = shop.text(manifest);
    const facts = shop.folder.scanScaffolding(shop.uri(manifest), text)!;
    const service = facts.services[0];
    const md = (hoverScaffolding(shop.folder, shop.uri(manifest), facts, service.range.start)!.contents as MarkupContent).value;
    assert.ok(md.startsWith('**adservice** — deployable service · not part of the monolith'), md);
    const pom = shop.text('src/adservice/pom.xml');
    const pomFacts = shop.folder.scanScaffolding(shop.uri('src/adservice/pom.xml'), pom)!;
    const lang = (hoverScaffolding(shop.folder, shop.uri('src/adservice/pom.xml'), pomFacts, { line: 0, character: 1 })!.contents as MarkupContent).value;
    assert.ok(lang.startsWith("**Java** — language · not in the policy's languages"), lang);
  });

  test('create policy lists services by their own folder and languages: the shop is silent on day one', () => {
    const root = copyFixture('scaffolding/demo-shop');
    const before = loadFixture(root, { policyText: '{}' });
    const packageJsons: Array<{ rel: string; facts: ReturnType<typeof scanPackageJson> }> = [];
    const scaffolding: Array<{ rel: string; facts: ScaffoldingFacts }> = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        const rel = path.relative(root, p).split(path.sep).join('/');
        if (e.isDirectory()) walk(p);
        else if (e.name === 'package.json') packageJsons.push({ rel, facts: scanPackageJson(fs.readFileSync(p, 'utf8')) });
        else {
          const facts = before.folder.scanScaffolding(before.uri(rel), fs.readFileSync(p, 'utf8'));
          if (facts) scaffolding.push({ rel, facts });
        }
      }
    };
    walk(root);
    const text = createPolicyText({ packageJsons, scaffolding }, '2026-11-25');
    // one service seen through its Dockerfile and its manifest: one entry, both places
    assert.ok(text.includes('"adservice": { "path": ["kubernetes-manifests/adservice.yaml", "src/adservice"] }'), text);
    assert.ok(!text.includes('"path": "kubernetes-manifests"'), 'a shared folder never approves by path');
    assert.ok(text.includes('"languages": ["csharp", "go", "java", "javascript", "python", "typescript"]'), text);
    const after = loadFixture(root, { policyText: text });
    assert.deepStrictEqual(summarize(after.check(), root), []);
  });
});
