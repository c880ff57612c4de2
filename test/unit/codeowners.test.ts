/** CODEOWNERS, GitHub's and GitLab's syntax: gitignore-style patterns, the last matching rule wins, GitLab sections. */
import * as assert from 'assert';
import { codeownersGlob, parseCodeowners } from '../../server/src/core/owners/codeowners';

suite('CODEOWNERS', () => {
  test("GitHub's documented examples: anchoring, folders at any depth, `docs/*`, `**/logs`, an owner-less rule, the last match wins", () => {
    const owners = parseCodeowners(
      [
        '# the default owners',
        '*       @global-owner1 @global-owner2',
        '*.js    @js-owner #This is an inline comment.',
        '*.go docs@example.com',
        '/build/logs/ @doctocat',
        'docs/*  docs@example.com',
        'apps/ @octocat',
        '/docs/ @doctocat',
        '**/logs @octocat',
        '/apps/ @octocat',
        '/apps/github',
        '\\#notes.txt @hash',
      ].join('\n'),
    );
    const of = (p: string) => owners.ownersOf(p).join(' ');
    assert.strictEqual(of('README.md'), '@global-owner1 @global-owner2');
    assert.strictEqual(of('src/deep/index.js'), '@js-owner');
    assert.strictEqual(of('main.go'), 'docs@example.com');
    assert.strictEqual(of('build/logs/today.txt'), '@octocat', '**/logs comes later and also matches');
    assert.strictEqual(of('docs/getting-started.md'), '@doctocat', '/docs/ comes after docs/*');
    assert.strictEqual(of('deeply/nested/logs/x.txt'), '@octocat');
    assert.strictEqual(of('lib/apps/x.ts'), '@octocat', 'apps/ matches at any depth');
    assert.strictEqual(of('apps/web/x.ts'), '@octocat');
    assert.strictEqual(of('apps/github/x.ts'), '', 'a rule without owners leaves its paths unowned');
    assert.strictEqual(of('#notes.txt'), '@hash');
    assert.deepStrictEqual(owners.problems, []);
  });

  test('patterns as the glob matcher reads them', () => {
    assert.deepStrictEqual(['*.js', '/docs/', 'docs/*', 'apps/', '**/logs', '/build/logs', 'a/**'].map(codeownersGlob), ['{**/*.js,**/*.js/**}', 'docs/**', '{docs/*,docs/*/**}', '**/apps/**', '{**/logs,**/logs/**}', '{build/logs,build/logs/**}', 'a/**']);
    // `docs/*` owns the files right in docs/, and (gitignore: a matched folder) what is below a folder it matches
    const o = parseCodeowners('docs/* @d');
    assert.deepStrictEqual([o.ownersOf('docs/a.md'), o.ownersOf('x/docs/a.md')], [['@d'], []]);
  });

  test('GitLab sections: default owners, optional and approval-count headers; the first section that owns a path gives its owners', () => {
    const owners = parseCodeowners(
      [
        '* @acme/everyone',
        '[Frontend] @acme/web',
        'web/',
        '*.css @acme/design',
        '^[Infra][2] @acme/platform',
        '/infra/',
        '/web/Dockerfile',
        '[Docs]',
        'docs/ @acme/writers',
      ].join('\n'),
    );
    const of = (p: string) => owners.ownersOf(p).join(' ');
    assert.strictEqual(of('README.md'), '@acme/everyone');
    assert.deepStrictEqual(owners.rules.map((r) => [r.pattern, r.section ?? '', r.owners.join(' ')]), [
      ['*', '', '@acme/everyone'],
      ['web/', 'Frontend', '@acme/web'],
      ['*.css', 'Frontend', '@acme/design'],
      ['/infra/', 'Infra', '@acme/platform'],
      ['/web/Dockerfile', 'Infra', '@acme/platform'],
      ['docs/', 'Docs', '@acme/writers'],
    ]);
    // the unsectioned `*` owns everything first: GitLab adds the sections' owners; one team per path here
    assert.strictEqual(of('web/app.ts'), '@acme/everyone');
    const noDefault = parseCodeowners(['[Frontend] @acme/web', 'web/', '^[Infra][2] @acme/platform', '/infra/', '/web/Dockerfile'].join('\n'));
    assert.strictEqual(noDefault.ownersOf('web/app.ts').join(' '), '@acme/web');
    assert.strictEqual(noDefault.ownersOf('web/Dockerfile').join(' '), '@acme/web', 'the first section that owns the path');
    assert.strictEqual(noDefault.ownersOf('infra/main.tf').join(' '), '@acme/platform');
    assert.deepStrictEqual(noDefault.ownersOf('other.txt'), []);
  });

  test('what CODEOWNERS cannot say is skipped and reported; escaped spaces; a pattern in brackets is a pattern', () => {
    const owners = parseCodeowners(['!secret.txt @x', 'my\\ file.txt @spaces', '[abc].txt @brackets', `${'*a'.repeat(600)} @long`].join('\r\n'));
    assert.deepStrictEqual(owners.problems.map((p) => p.line), [1, 4]);
    assert.deepStrictEqual([owners.ownersOf('my file.txt'), owners.ownersOf('b.txt')], [['@spaces'], ['@brackets']]);
  });
});
