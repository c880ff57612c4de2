import * as assert from 'assert';
import { loadPolicy } from '../../server/src/core/policy/load';
import { memoryHost, rangeOf } from '../support/fixtures';
import { escapeHtml, escapeMarkdown, escapeWorkflowData, escapeWorkflowProperty, markdownCode, markdownLinkTarget, markdownText, oneLine, visibleControls, webLink } from '../../server/src/core/text';

suite('escaping: one place for every format', () => {
  const hostile = 'a\u001b[31mb\u0007c\u009bd\u202ee\u2066f\u2028g\u007fh';

  test('controls, separators and bidirectional characters become visible escapes in every format', () => {
    const visible = 'a\\u001b[31mb\\u0007c\\u009bd\\u202ee\\u2066f\\u2028g\\u007fh';
    assert.strictEqual(visibleControls(hostile), visible);
    assert.strictEqual(oneLine(`${hostile}\n\r\t`), `${visible}\\n\\r\\t`);
    assert.strictEqual(escapeWorkflowData(hostile), visible);
    assert.strictEqual(escapeWorkflowProperty(`${hostile}:,`), `${visible}%3A%2C`);
    for (const out of [escapeMarkdown(hostile), markdownText(hostile), markdownCode(hostile), escapeHtml(hostile), markdownLinkTarget(hostile)]) {
      // eslint-disable-next-line no-control-regex -- what must not come out
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(out), JSON.stringify(out));
    }
  });

  test('HTML in one pass: every character below U+2100 and every hidden one escaped exactly as the controls, then the entities', () => {
    // the single-pass escape must say what "visible controls, then & < > \" ' as entities" says, character by character and mixed
    const chars = Array.from({ length: 0x2100 }, (_, i) => String.fromCharCode(i));
    for (const c of chars) assert.strictEqual(escapeHtml(`x${c}y`), `x${visibleControls(c).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}y`, JSON.stringify(c));
    assert.strictEqual(escapeHtml(`<a href="x">Tom & 'Jerry'</a>${hostile}`), `&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;a\\u001b[31mb\\u0007c\\u009bd\\u202ee\\u2066f\\u2028g\\u007fh`);
    assert.strictEqual(escapeHtml('plain text'), 'plain text');
  });

  test('workflow commands: %, CR and LF as the runner reads them; line breaks and tabs are kept by visibleControls', () => {
    assert.strictEqual(escapeWorkflowData('50%\r\nnext'), '50%25%0D%0Anext');
    assert.strictEqual(visibleControls('a\nb\tc\r'), 'a\nb\tc\r');
  });

  test('only web pages are links: https and http, nothing else', () => {
    assert.strictEqual(webLink('https://wiki.acme.example/policy#rules'), 'https://wiki.acme.example/policy#rules');
    assert.strictEqual(webLink(' http://intranet/x '), 'http://intranet/x');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'command:workbench.action.terminal.new', '//evil.example/x', 'https://', 'https://a b', 'https:\\\\evil.example', 'https://x\u0007y', 'vbscript:x', '', undefined]) {
      assert.strictEqual(webLink(bad), undefined, String(bad));
    }
  });

  test('a link target cannot end early: parentheses, spaces and angle brackets are encoded', () => {
    assert.strictEqual(markdownLinkTarget('https://x/a b(c)<d>\\e'), 'https://x/a%20b%28c%29%3Cd%3E%5Ce');
  });

  test('a policy\'s rule link that is not a web page is a policy-invalid warning at the value, and is not used', () => {
    const text = JSON.stringify({ rules: { 'new-technology': { link: 'javascript:alert(1)' }, 'new-service': { link: 'https://wiki.acme.example/services' } } }, null, 2);
    const loaded = loadPolicy('file:///ws/techpolicy.json', text, memoryHost({}));
    assert.deepStrictEqual(loaded.problems.map((p) => [p.message, p.severity, p.range]), [['"link" must be an https: or http: address; Tech Policy\'s page for the rule is linked instead.', 'warning', rangeOf(text, '"javascript:alert(1)"')]]);
    assert.deepStrictEqual([loaded.policy.rules['new-technology'].link, loaded.policy.rules['new-service'].link], [undefined, 'https://wiki.acme.example/services']);
  });
});
