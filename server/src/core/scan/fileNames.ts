/**
 * The file names the scanners recognise, in one small module with no imports: the core's
 * recognisers use it, and so do the VS Code client's document selector and file watcher
 * (protocol.ts), so the two lists can never drift apart.
 */

/**
 * Manifests by exact name (package.json is read elsewhere) → the language each brings in ('' for
 * a build tool's file that belongs to no one language; a Gradle or Maven build that applies the
 * Kotlin plugin brings in Kotlin). Their dependencies are read too.
 */
export const MANIFESTS: Record<string, string> = {
  'go.mod': 'go',
  'Cargo.toml': 'rust',
  'pyproject.toml': 'python',
  'setup.py': 'python',
  'setup.cfg': 'python',
  Pipfile: 'python',
  'pom.xml': 'java',
  'build.gradle': 'java',
  'build.gradle.kts': 'java',
  'build.sbt': 'scala',
  'Package.swift': 'swift',
  'libs.versions.toml': '',
  Gemfile: 'ruby',
  'gems.rb': 'ruby',
  'composer.json': 'php',
  'mix.exs': 'elixir',
  'Directory.Packages.props': '',
  'Directory.Build.props': '',
  // NuGet's older manifest beside a .NET Framework project (its project file says the language)
  'packages.config': '',
};

/**
 * Manifests recognised by extension → language ('' for none: sbt reads every `*.sbt` of a build,
 * `project/plugins.sbt` too, and only build.sbt brings in Scala). Scala files in a `project/`
 * folder are an sbt build's too (ecosystems/sbt.ts).
 */
export const MANIFEST_EXTENSIONS: Record<string, string> = {
  '.gemspec': 'ruby',
  '.csproj': 'csharp',
  '.fsproj': 'fsharp',
  '.vbproj': 'vb',
  '.sbt': '',
};

/**
 * Instructions for coding agents that may hold the section `tech-policy agents` keeps (checked by
 * `agents-instructions-stale`): AGENTS.md anywhere, copilot-instructions.md in `.github/` only.
 */
export const AGENT_INSTRUCTION_NAMES = new Set(['AGENTS.md', 'copilot-instructions.md']);

/** Files recognised by their exact name. */
export const NAMED_FILES = new Set(['Program.cs', 'AppHost.cs', 'apphost.cs', 'project.json', 'fly.toml', 'wrangler.toml', 'wrangler.json', 'wrangler.jsonc', 'Procfile', 'serverless.json', 'app.json', 'serverless.ts', 'serverless.js', 'serverless.mjs', 'serverless.cjs']);

/**
 * Every file name (as a glob) that `isScaffoldingCandidate` can accept, for what editors watch and
 * send (the VS Code client's document selector and file watcher use it; a test keeps the two in
 * step). YAML, TOML and JSON are matched by extension; content decides.
 */
export const SCAFFOLDING_FILE_GLOBS: readonly string[] = [
  'Dockerfile',
  'dockerfile',
  'Dockerfile.*',
  'Dockerfile-*',
  'Dockerfile_*',
  '*.Dockerfile',
  '*.dockerfile',
  'Containerfile',
  'Containerfile.*',
  '*.Containerfile',
  '*.containerfile',
  '*.yml',
  '*.yaml',
  '*.toml',
  ...[...NAMED_FILES].filter((n) => !/\.toml$/.test(n)),
  '*.template.json',
  'template.json',
  ...Object.keys(MANIFESTS).filter((n) => !/\.toml$/.test(n)),
  ...Object.keys(MANIFEST_EXTENSIONS).map((ext) => `*${ext}`),
  '*requirements*.txt',
  'requirements/*.txt',
  'project/*.scala',
  ...AGENT_INSTRUCTION_NAMES,
];

