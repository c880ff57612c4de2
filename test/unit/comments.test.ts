// The one comment stripper the code scanners share (core/scan/comments.ts): what it blanks, that
// positions stay put, and that the openers that are never closed — which made the lazy regular
// expressions it replaces quadratic — cost one pass.
import * as assert from 'assert';
import { blankComments, C_LIKE, C_LIKE_WITH_STRINGS, XML_COMMENTS } from '../../server/src/core/scan/comments';
import { pomLanguage } from '../../server/src/core/scan/ecosystems/jvm';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';

const ctx = { imageCategory: () => undefined };

suite('comments: blanked in one pass, positions kept', function () {
  // the hostile inputs below took from 5 s to over a minute before (lazy regular expressions); the
  // timeout only catches a regression on a busy machine
  this.timeout(20_000);

  test('line and block comments become spaces (line breaks kept), strings are text, an opener never closed is no comment', () => {
    const cs = 'var a = "http://x/*y*/"; // note\nb /* one\r\n two */ c\n"\\"//" d // e\n/* open';
    const blanked = blankComments(cs, C_LIKE_WITH_STRINGS);
    assert.strictEqual(blanked, 'var a = "http://x/*y*/";        \nb       \r\n        c\n"\\"//" d     \n/* open');
    assert.strictEqual(blanked.length, cs.length);
    // without strings (sbt), markers in quotes count, as the scanner read them before
    assert.strictEqual(blankComments('x = "a//b"\n/**/y', C_LIKE), 'x = "a    \n    y');
    assert.strictEqual(blankComments('<a><!-- <b/> -->\n<!---->c<!-- x', XML_COMMENTS), `<a>${' '.repeat('<!-- <b/> -->'.length)}\n${' '.repeat('<!---->'.length)}c<!-- x`);
    assert.strictEqual(blankComments('plain', C_LIKE), 'plain');
  });

  test('what the scanners find around comments is unchanged', () => {
    assert.strictEqual(pomLanguage('<project><!-- <artifactId>kotlin-maven-plugin</artifactId> --></project>'), 'java');
    assert.strictEqual(pomLanguage('<project><artifactId><!-- x -->kotlin-maven-plugin</artifactId></project>'), 'kotlin');
    const sbt = scanScaffolding('build.sbt', '// "a" % "b" % "1"\n/* "c" % "d" % "1" */\nlibraryDependencies += "org.typelevel" %% "cats-core" % "2.10.0"\n', ctx)!;
    assert.deepStrictEqual(sbt.dependencies.map((d) => [d.name, d.range.start.line, d.range.start.character]), [['org.typelevel:cats-core', 2, 43]]);
    const host = 'var builder = DistributedApplication.CreateBuilder(args);\n// builder.AddRedis("cache");\nbuilder.AddPostgres("db" /* the store */);\n';
    assert.deepStrictEqual(scanScaffolding('AppHost/AppHost.cs', host, ctx)!.refs.map((r) => [r.name, r.range.start.line, r.range.start.character]), [['postgres', 2, 8]]);
  });

  test('openers never closed and strings never ended cost one pass: 200,000 of them, then what the file says is still found', () => {
    const n = 200_000;
    assert.strictEqual(pomLanguage(`<project>${'<!--'.repeat(n)}<artifactId>kotlin-maven-plugin</artifactId>`), 'kotlin');
    const sbt = scanScaffolding('build.sbt', `${'/* '.repeat(n)}\nlibraryDependencies += "org.typelevel" %% "cats-core" % "2.10.0"\n`, ctx)!;
    assert.deepStrictEqual(sbt.dependencies.map((d) => d.name), ['org.typelevel:cats-core']);
    const host = (junk: string) => `var builder = DistributedApplication.CreateBuilder(args);\n${junk}\nbuilder.AddPostgres("db");\n`;
    // block openers; then a string whose escaped quotes each start another string that never ends
    for (const junk of ['/* '.repeat(n), '\\"'.repeat(n)]) {
      assert.deepStrictEqual(scanScaffolding('AppHost/AppHost.cs', host(junk), ctx)!.refs.map((r) => [r.name, r.range.start.line]), [['postgres', 2]], junk.slice(0, 6));
    }
  });
});
