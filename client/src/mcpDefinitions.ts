/**
 * What the MCP server definition provider offers VS Code (no VS Code here: unit-tested, and the
 * command it names is started by the tests as VS Code would start it): one `tech-policy mcp` per
 * folder whose policy the server has read, run by the extension host's own Node, `--trusted` only
 * in a trusted workspace, nothing at all unless `techPolicy.agents.mcpServer` asks for it.
 */
export interface McpDefinitionSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  version: string;
}

export interface McpDefinitionContext {
  /** `techPolicy.agents.mcpServer`. */
  enabled: boolean;
  /** The extension's dist/cli.js. */
  cli: string;
  /** The extension host's Node (Electron run as Node in desktop VS Code). */
  execPath: string;
  trusted: boolean;
  /** The extension's version: a change tells VS Code the tools may have changed. */
  version: string;
}

export function mcpDefinitionSpecs(folders: ReadonlyArray<{ name: string; fsPath: string; policy: string }>, c: McpDefinitionContext): McpDefinitionSpec[] {
  if (!c.enabled) return [];
  return folders
    .filter((f) => f.policy === 'ok' || f.policy === 'invalid')
    .map((f) => ({
      label: `Tech Policy (${f.name})`,
      command: c.execPath,
      args: [c.cli, 'mcp', f.fsPath, ...(c.trusted ? ['--trusted'] : [])],
      env: { ELECTRON_RUN_AS_NODE: '1' },
      version: c.version,
    }));
}
