/**
 * The tools a coding agent asks before it adds a technology or a deployable: their names, what
 * they are for (written for a language model), and their input schemas, with the one validator
 * every host runs before answering. The VS Code extension contributes the same schemas
 * (package.json `languageModelTools`, kept equal by a test) and the MCP server lists them.
 */
import { ECOSYSTEMS } from '../catalog/ecosystems';
import { oneLine } from '../text';

export const TOOL_NAMES = ['check_technology', 'check_deployable', 'current_findings', 'request_exception'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export interface StringProperty {
  type: 'string';
  description: string;
  maxLength: number;
  enum?: readonly string[];
}

export interface IntegerProperty {
  type: 'integer';
  description: string;
  minimum: number;
  maximum: number;
}

/** The JSON Schema subset the tools use: an object of strings and integers, nothing else. */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, StringProperty | IntegerProperty>;
  required?: string[];
  additionalProperties: false;
}

export interface AgentToolDefinition {
  /** The MCP tool name. */
  name: ToolName;
  /** The VS Code language model tool's name and `#` reference (`^[\w-]+$`). */
  vscodeName: string;
  /** A short title for people (VS Code's displayName, MCP's title). */
  title: string;
  /** What a language model reads to decide when to call it. */
  description: string;
  /** What a person reads in the tool picker. */
  userDescription: string;
  inputSchema: ToolInputSchema;
  /** False only for the tool that writes a file: clients ask the user before running it. */
  readOnly: boolean;
}

/** The longest name a package has in any registry the catalog knows (npm: 214; Maven coordinates run longer). */
const NAME_MAX = 300;
const PATH_MAX = 1024;

const PATH_PROPERTY: StringProperty = {
  type: 'string',
  description:
    'Where in the workspace, relative to its root (or absolute inside it): a manifest such as services/api/package.json, a folder, or a file. Exceptions may be scoped to paths, so the answer can differ from place to place.',
  maxLength: PATH_MAX,
};

export const AGENT_TOOLS: readonly AgentToolDefinition[] = [
  {
    name: 'check_technology',
    vscodeName: 'techPolicy_checkTechnology',
    title: 'Check a technology against the policy',
    description:
      "Call this BEFORE adding a dependency (to package.json, requirements.txt, pyproject.toml, go.mod, pom.xml, build.gradle, Gemfile, Cargo.toml, composer.json, a .csproj, mix.exs, build.sbt, Package.swift) or a container image (a compose service's image, a Kubernetes workload, a Dockerfile's FROM), and before suggesting a framework, datastore or message broker. It answers from this repository's engineering policy (techpolicy.json): whether the technology is allowed here and why (its ring in the approved stack), or whether it needs an exception signed by an approver; the approved alternatives in the same category; the policy's rationale; and any exception already requested or granted for it. Give the package and its ecosystem, or an image, or a technology's name; add the path of the manifest it goes into. If the answer is 'needs a signed exception', prefer the approved alternative; do not add it unless the user decides to request an exception.",
    userDescription: "Whether a package, image or technology is allowed by the workspace's techpolicy.json, and the approved alternatives.",
    inputSchema: {
      type: 'object',
      properties: {
        package: { type: 'string', description: 'The package name as a manifest writes it: fastify, Flask, github.com/labstack/echo/v4, org.springframework.boot:spring-boot-starter-web.', maxLength: NAME_MAX },
        ecosystem: {
          type: 'string',
          description: "The package's registry. Optional when path names a manifest (it follows from the file name); without either, every ecosystem is tried.",
          enum: ECOSYSTEMS,
          maxLength: 16,
        },
        image: { type: 'string', description: 'A container image instead of a package: postgres:16, bitnami/kafka, redis:7-alpine.', maxLength: NAME_MAX },
        technology: { type: 'string', description: 'A technology by name when there is no package or image yet: Fastify, Kafka, PostgreSQL, GraphQL.', maxLength: 100 },
        path: PATH_PROPERTY,
      },
      additionalProperties: false,
    },
    readOnly: true,
  },
  {
    name: 'check_deployable',
    vscodeName: 'techPolicy_checkDeployable',
    title: 'Check a new deployable against the policy',
    description:
      "Call this BEFORE creating anything that is deployed on its own or brings in a language: a Dockerfile, a compose service that builds code, a Kubernetes workload, a serverless function, a Procfile entry, a fly.toml or app.yaml, a new app with a start script, or a new language manifest (go.mod, Cargo.toml, pyproject.toml, pom.xml, Gemfile…). The policy keeps one monolith: it answers whether a new deployable at that place is allowed (one of the monolith's known services), lists the known services, says what to do instead (build it into the monolith), and whether a new language is allowed. Give the folder the new code goes in (or the file that declares it) and, when it has one, the service's name.",
    userDescription: "Whether a new service, Dockerfile or language manifest is allowed by the workspace's techpolicy.json (one monolith).",
    inputSchema: {
      type: 'object',
      properties: {
        path: {
          ...PATH_PROPERTY,
          description:
            'The folder the new deployable\'s code goes in (services/search), or the file that would declare it: a Dockerfile, a Kubernetes manifest, serverless.yml, or a language manifest such as services/search/go.mod. Relative to the workspace root.',
        },
        service: { type: 'string', description: 'The service name, when it has one (the compose service key, the app or chart name).', maxLength: 200 },
      },
      additionalProperties: false,
    },
    readOnly: true,
  },
  {
    name: 'current_findings',
    vscodeName: 'techPolicy_currentFindings',
    title: 'Current policy findings',
    description:
      "Lists what the policy check reports in the workspace right now (what the editor's status bar counts): one line per finding, 'file:line:column severity rule message', then the exception requests awaiting a signature. Call it after changing dependencies or deployment files, to see whether the change brought something the policy has not approved, and before finishing a task. Known findings recorded in the baseline are left out.",
    userDescription: 'What the policy check reports in the workspace now: file, line, rule and message.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { ...PATH_PROPERTY, description: 'Only findings in this file or folder (relative to the workspace root).' },
        limit: { type: 'integer', description: 'At most this many findings (default 100).', minimum: 1, maximum: 1000 },
      },
      additionalProperties: false,
    },
    readOnly: true,
  },
  {
    name: 'request_exception',
    vscodeName: 'techPolicy_requestException',
    title: 'Draft an exception request',
    description:
      "Drafts an exception request document for something the policy does not allow (a technology, a new service or a new language), in the policy's exceptions directory, after the user confirms. It writes the same pre-filled document as the editor's quick fix and never overwrites a file. It grants nothing: the document says it was drafted by an agent, a person must write the reasons (the product capability, why the approved stack cannot deliver it), and only an approver's signature makes it an exception. Call it only when the user wants to go ahead with something check_technology or check_deployable said needs a signed exception; never to get around the policy. No tool can approve, sign or change the policy.",
    userDescription: 'Writes a pre-filled exception request for a person to complete and an approver to sign (asks first).',
    inputSchema: {
      type: 'object',
      properties: {
        kind: { type: 'string', description: 'What the exception is for.', enum: ['technology', 'service', 'language'], maxLength: 16 },
        subject: {
          type: 'string',
          description: 'The technology (fastify, or a package name), the service name, or the language (go, rust, python…).',
          maxLength: NAME_MAX,
        },
        path: { ...PATH_PROPERTY, description: 'Where it would be used or declared (a manifest, a folder), relative to the workspace root; recorded in the request.' },
      },
      required: ['kind', 'subject'],
      additionalProperties: false,
    },
    readOnly: false,
  },
];

export function toolNamed(name: string): AgentToolDefinition | undefined {
  return AGENT_TOOLS.find((t) => t.name === name || t.vscodeName === name);
}

export type ToolInput = Record<string, string | number | undefined>;

export type Validated = { ok: true; input: ToolInput } | { ok: false; message: string };

/** A value of the input quoted in a message: one line, and never long. */
export function quoted(value: string, max = 60): string {
  const short = value.length > max ? `${value.slice(0, max)}…` : value;
  return `"${oneLine(short)}"`;
}

function listOf(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The input checked against the tool's schema before anything else looks at it: an object with
 * only the named inputs, each of its type, no longer than its bound (checked before the value is
 * read), no control characters, within its enumeration. The message is one line an agent can act on.
 */
export function validateToolInput(tool: AgentToolDefinition, raw: unknown): Validated {
  const schema = tool.inputSchema;
  const names = Object.keys(schema.properties);
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: `${tool.name} takes an object of named inputs (${listOf(names)}), not ${Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}.` };
  const input: ToolInput = {};
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > names.length) return { ok: false, message: `${tool.name} takes at most ${names.length} inputs (${listOf(names)}); ${entries.length} were given.` };
  for (const [key, value] of entries) {
    const prop = Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
    if (!prop) return { ok: false, message: `Unknown input ${quoted(key, 40)}: ${tool.name} takes ${listOf(names)}.` };
    if (value === undefined || value === null) continue;
    if (prop.type === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, message: `"${key}" must be a whole number.` };
      if (value < prop.minimum || value > prop.maximum) return { ok: false, message: `"${key}" must be from ${prop.minimum} to ${prop.maximum}; ${value} is not.` };
      input[key] = value;
      continue;
    }
    if (typeof value !== 'string') return { ok: false, message: `"${key}" must be a string, not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}.` };
    if (value.length > prop.maxLength) return { ok: false, message: `"${key}" is ${value.length.toLocaleString('en-US')} characters long; it may be at most ${prop.maxLength}.` };
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, message: `"${key}" contains a control character (a line break, a tab, NUL); no name or path has one.` };
    const trimmed = value.trim();
    if (trimmed === '') continue;
    if (prop.enum && !prop.enum.includes(trimmed)) return { ok: false, message: `"${key}" must be one of ${listOf(prop.enum)}; ${quoted(trimmed, 40)} is not one.` };
    input[key] = trimmed;
  }
  for (const key of schema.required ?? []) if (input[key] === undefined) return { ok: false, message: `"${key}" is required: ${tool.name} needs ${listOf(schema.required ?? [])}.` };
  return { ok: true, input };
}
