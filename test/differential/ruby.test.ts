/**
 * Gemfiles and gemspecs against Bundler: generated Gemfiles of a Rails app's shape (groups written
 * every way, platforms and `install_if` blocks, `source` and `git` blocks, conditions, options on
 * one line or continued, `gem(…)` calls, comments) are evaluated by Bundler's own DSL
 * (`Bundler::Dsl`, nothing installed, no network) and read by the scanner; gemspecs are loaded by
 * `Gem::Specification.load`. The same gems, in order. Conditions are ones that hold, so Bundler
 * lists what they guard (the scanner, which runs nothing, lists every branch).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';
import { explain, findTool, Random, requireTool, run, scannedNames, tempDir } from './tools';

const GEMS = ['rails', 'pg', 'mysql2', 'puma', 'sidekiq', 'redis', 'devise', 'sinatra', 'grape', 'rspec-rails', 'capybara', 'selenium-webdriver', 'factory_bot_rails', 'rubocop', 'bootsnap', 'jbuilder', 'turbo-rails', 'stimulus-rails', 'importmap-rails', 'sprockets-rails', 'good_job', 'ruby-kafka', 'bunny', 'mongoid', 'elasticsearch-model', 'debug', 'web-console', 'tzinfo-data', 'image_processing', 'aws-sdk-s3'];

function gemLine(r: Random, name: string, indent: string): string[] {
  const q = r.chance(0.5) ? '"' : "'";
  const version = r.chance(0.5) ? `, ${q}${r.pick(['~> 7.1', '>= 1.1', '~> 5.0', '= 2.3.1'])}${q}` : '';
  const options = r.pick(['', ', require: false', ', platforms: %i[ mri mingw x64_mingw ]', ', github: "acme/' + name + '", branch: "main"', ', group: :test', ', :require => false']);
  const comment = r.chance(0.2) ? '  # why we need it' : '';
  if (r.chance(0.08)) return [`${indent}gem(${q}${name}${q}${version})${comment}`];
  if (r.chance(0.05)) return [`${indent}gem ${q}${name}${q},`, `${indent}    ${q}>= 1.0${q},`, `${indent}    require: false`];
  return [`${indent}gem ${q}${name}${q}${version}${options}${comment}`];
}

function gemfile(r: Random): string {
  const names = r.some(GEMS, 6 + r.int(18));
  const out = ['source "https://rubygems.org"'];
  if (r.chance(0.5)) out.push('git_source(:github) { |repo| "https://github.com/#{repo}.git" }');
  if (r.chance(0.5)) out.push('', 'ruby "3.3.0"');
  out.push('');
  let i = 0;
  while (i < names.length) {
    const block = r.next();
    const take = names.slice(i, i + 1 + r.int(3));
    i += take.length;
    if (r.chance(0.1)) out.push(`# ${take[0]} and friends`);
    if (block < 0.45) {
      for (const n of take) out.push(...gemLine(r, n, ''));
      continue;
    }
    const head = r.pick([
      'group :development, :test do',
      'group :test do',
      'group(:development) do',
      'group :development, :test, optional: true do',
      'platforms :mri, :mingw do',
      'platform :jruby do',
      'install_if -> { RUBY_PLATFORM =~ /darwin/ } do',
      'if RUBY_VERSION >= "2.0"',
      'unless ENV["TECH_POLICY_NEVER_SET"]',
      'source "https://gems.example.com" do',
      'git "https://github.com/rails/rails.git" do',
    ]);
    out.push(head);
    for (const n of take) out.push(...gemLine(r, n, '  '));
    if (r.chance(0.1)) out.push('  # nothing else here');
    out.push('end', '');
  }
  return out.join('\n') + '\n';
}

function gemspec(r: Random, index: number): string {
  const names = r.some(GEMS, 2 + r.int(6));
  const out = [`Gem::Specification.new do |spec|`, `  spec.name          = "acme_${index}"`, '  spec.version       = "0.1.0"', '  spec.authors       = ["Acme"]', '  spec.summary       = "A gem."', '  spec.files         = []', ''];
  for (const n of names) {
    const call = r.pick(['add_dependency', 'add_runtime_dependency', 'add_development_dependency']);
    const q = r.chance(0.5) ? '"' : "'";
    out.push(r.chance(0.2) ? `  spec.${call}(${q}${n}${q}, ${q}>= 1.0${q})` : `  spec.${call} ${q}${n}${q}${r.chance(0.5) ? `, ${q}~> 2.0${q}` : ''}`);
  }
  out.push('end', '');
  return out.join('\n');
}

suite('differential: Gemfiles and gemspecs, the scanner against Bundler', () => {
  test('200 generated Gemfiles and 50 gemspecs: the same gems, in order', function () {
    // one Ruby process for all files, and 250 scans
    this.timeout(120000);
    const ruby = requireTool(this, 'Ruby with Bundler', findTool(['ruby'], ['-rbundler', '-e', 'exit 0']), 'apt-get install ruby-bundler');
    const dir = tempDir('ruby');
    const r = new Random(11);
    try {
      const files: Array<{ rel: string; text: string }> = [];
      for (let i = 0; i < 200; i++) files.push({ rel: `g${i}/Gemfile`, text: gemfile(r) });
      for (let i = 0; i < 50; i++) files.push({ rel: `s${i}/acme_${i}.gemspec`, text: gemspec(r, i) });
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f.rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.rel), f.text);
      }
      const env = { ...process.env, HOME: dir, BUNDLE_USER_HOME: path.join(dir, '.bundle'), BUNDLE_FROZEN: 'false' };
      const expected = JSON.parse(run(ruby, [path.join(REPO_ROOT, 'test', 'differential', 'reference.rb'), ...files.map((f) => path.join(dir, f.rel))], { env, cwd: dir })) as Record<string, string[]>;
      let compared = 0;
      for (const f of files) {
        const want = expected[path.join(dir, f.rel)];
        const scanned = scannedNames(f.rel, f.text);
        assert.deepStrictEqual(scanned, want, explain(f.rel, f.text, scanned, want));
        compared += want.length;
      }
      assert.ok(compared > 1500, `compared ${compared} gems`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
