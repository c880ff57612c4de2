/**
 * mix.exs against a generated corpus: Elixir and Mix are not installed here, so the generator draws
 * the dependencies first and then writes them in the shapes Mix reads from `deps/0`; the list it
 * drew is the expected one. A dependency is the first atom of each tuple the deps function returns
 * (Hex, `path:`, `git:`/`github:` and `in_umbrella:` alike: `mix deps` lists them all), except that
 * `hex: :other` names the Hex package fetched (`{:my_dep, "~> 1.0", hex: :other}` is `other`).
 * Not generated, because the scanner documents it does not read code (decisions.md, "Code is never
 * run"): deps built by code (`deps() ++ extra`, a list in a module attribute, `if Mix.env()`
 * around entries, `for`), and a `deps/1`.
 */
import * as assert from 'assert';
import { catalogNames, explainCorpus, Random, scannedNames } from '../support/generatedCorpus';

const UNKNOWN = ['my_app_core', 'acme_billing', 'a', 'x509', 'credo', 'dialyxir', 'ex_doc', 'jason', 'telemetry_metrics', 'phoenix_live_dashboard', 'floki', 'esbuild', 'tailwind', 'swoosh', 'finch', 'plug_cowboy', 'gettext', 'dns_cluster'];
const DEPS = [...new Set([...catalogNames('hex'), ...UNKNOWN])];
const REQS = ['~> 1.0', '~> 0.3.2', '>= 0.0.0', '== 2.1.0', '~> 1.7.10', '>= 1.0.0 and < 2.0.0'];

/** One dependency tuple as it is written in deps/0; `name` is what Mix fetches. */
function tuple(r: Random, name: string, indent: string): string {
  let atom = name;
  const options: string[] = [];
  const form = r.int(9);
  if (form === 0) options.push(`path: "../${name}"`);
  else if (form === 1) options.push(`git: "https://github.com/acme/${name}.git"`, r.pick(['tag: "v1.0.0"', 'branch: "main"', 'ref: "4d2f1e0"']));
  else if (form === 2) options.push(`github: "acme/${name}"`);
  else if (form === 3) options.push('in_umbrella: true');
  else {
    options.push(`"${r.pick(REQS)}"`);
    if (r.chance(0.3)) options.push(r.pick(['only: [:dev, :test]', 'only: :dev', 'only: :test']));
    if (r.chance(0.3)) options.push('runtime: false');
    if (r.chance(0.1)) options.push('optional: true', 'override: true');
    if (r.chance(0.1)) options.push('organization: "acme"');
    // the Hex package under another app name: Mix fetches `name`
    if (r.chance(0.12)) {
      atom = `${name}_app`;
      options.push(`hex: :${name}`);
    }
  }
  if (r.chance(0.1)) options.push('system_env: [{"RUSTLER_PRECOMPILED", "1"}]');
  if (r.chance(0.2)) return `${indent}{\n${indent}  :${atom},\n${indent}  ${options.join(`,\n${indent}  `)}\n${indent}}`;
  if (r.chance(0.15)) return `${indent}{:${atom},\n${indent} ${options.join(', ')}}`;
  return `${indent}{:${atom}, ${options.join(', ')}}`;
}

const NOISE = [
  '      # {:commented_out, "~> 1.0"},',
  '      # {:dep_from_hexpm, "~> 0.3.0"},\n      # {:dep_from_git, git: "https://github.com/elixir-lang/my_dep.git", tag: "0.1.0"}',
  '      # {:old_dep, "~> 0.1"} was replaced',
];

/** A mix.exs and the packages its deps function returns, in file order. */
function mixExs(r: Random): { text: string; expected: string[] } {
  const expected: string[] = [];
  const drawn = r.some(DEPS, 1 + r.int(12));
  const out = ['defmodule MyApp.MixProject do', '  use Mix.Project', ''];
  if (r.chance(0.4)) {
    // documentation that shows a deps function and tuples: a string, not code
    out.push('  @moduledoc """', '  Add it to your list of dependencies:', '', '      def deps do', '        [', '          {:documented_dep, "~> 0.1"}', '        ]', '      end', '  """', '');
  }
  out.push('  def project do', '    [', '      app: :my_app,', '      version: "0.1.0",', '      elixir: "~> 1.14",', '      start_permanent: Mix.env() == :prod,', '      deps: deps(),', '      releases: [my_app: [steps: [:assemble, {:tar, []}]]]', '    ]', '  end', '');
  out.push('  def application do', '    [mod: {MyApp.Application, []}, extra_applications: [:logger, :runtime_tools]]', '  end', '');
  if (r.chance(0.3)) out.push('  @doc ~S"""', '  Not a dependency: {:in_a_sigil, "~> 1.0"}', '  """', '  def sample, do: {:not_a_dep, "1.0"}', '');
  const head = r.chance(0.3) ? '  def deps' : '  defp deps';
  const items = drawn.map((name) => {
    const lines = [tuple(r, name, '      ')];
    expected.push(name);
    return lines.join('\n');
  });
  if (r.chance(0.15) && drawn.length <= 3) {
    // the one-line form
    out.push(`${head}, do: [${items.map((i) => i.trim().replace(/\s*\n\s*/g, ' ')).join(', ')}]`);
  } else {
    out.push(`${head} do`);
    if (r.chance(0.3)) out.push('    # the comment above the list: {:not_this, "1.0"}');
    out.push('    [');
    items.forEach((item, i) => {
      if (r.chance(0.25)) out.push(r.pick(NOISE));
      const comma = i < items.length - 1 || r.chance(0.2) ? ',' : '';
      const comment = r.chance(0.15) ? ` # {:trailing_comment, "1.0"}` : '';
      out.push(`${item}${comma}${comment}`);
    });
    out.push('    ]', '  end');
  }
  out.push('');
  if (r.chance(0.4)) out.push('  defp aliases do', '    [setup: ["deps.get", "ecto.setup"], "ecto.setup": ["ecto.create"]]', '  end', '');
  if (r.chance(0.2)) out.push('  defp extra_tuples do', '    [{:not_a_dep_either, "~> 1.0"}]', '  end');
  out.push('end', '');
  return { text: out.join('\n'), expected };
}

suite('mix.exs against a generated corpus (Elixir and Mix are not installed here)', () => {
  test('300 generated mix.exs files: the packages deps/0 returns, in file order; no comment, no string, no other function', () => {
    const r = new Random(23);
    let compared = 0;
    const shapes: Record<string, RegExp> = {
      'a version requirement': /\{:\w+, "[~>=]/,
      'path:': /path: "/,
      'git:': /git: "/,
      'github:': /github: "/,
      'in_umbrella:': /in_umbrella: true/,
      'only: [:dev, :test], runtime: false': /only: \[:dev, :test\][^\n]*runtime: false|runtime: false[^\n]*only: \[:dev, :test\]/,
      'hex: :other': /hex: :\w+/,
      'a tuple over several lines': /\{\n\s+:\w+,/,
      'a commented-out dependency': /# \{:/,
      'a heredoc showing a deps function': /@moduledoc "{3}/,
      'a sigil': /~S"{3}/,
      'public def deps': /^ {2}def deps/m,
      'the one-line do: form': /deps, do: \[/,
    };
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const { text, expected } = mixExs(r);
      for (const [shape, re] of Object.entries(shapes)) if (re.test(text)) seen.set(shape, (seen.get(shape) ?? 0) + 1);
      const scanned = scannedNames('mix.exs', text);
      assert.deepStrictEqual(scanned, expected, explainCorpus(`mix.exs #${i}`, text, scanned, expected));
      compared += expected.length;
    }
    assert.ok(compared > 1200, `compared ${compared} names`);
    for (const shape of Object.keys(shapes)) assert.ok((seen.get(shape) ?? 0) >= 5, `${shape}: in ${seen.get(shape) ?? 0} files`);
  });
});
