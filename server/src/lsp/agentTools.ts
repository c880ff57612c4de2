/**
 * The agent tools for the VS Code extension's language model tools: the same answers as the MCP
 * server (core/agents), from what the server holds now (open documents as typed). The request
 * tool plans without writing (its confirmation), then returns the draft's edit only for the file
 * the user confirmed; the client applies it, never over a file.
 */
import { planRequest, requestWrittenText, runCheckTool, type RequestContext } from '../core/agents/ask';
import { VSCODE_TOOL_NAMES } from '../core/agents/text';
import { toolNamed } from '../core/agents/tools';
import type { AgentFolder, AgentHost } from '../core/agents/workspace';
import { today } from '../core/folder';
import { AgentToolRequest, type AgentToolParams, type AgentToolResult } from '../protocol';
import type { FolderState } from '../node/folderState';
import { findingsOf } from './publish';
import { safe } from './safe';
import type { ServerWorkspace } from './workspace';

function hostOf(ws: ServerWorkspace): AgentHost & { stateOf(folder: AgentFolder): FolderState | undefined } {
  const enabled = () => [...ws.folders.values()].filter((s) => s.settings.enable);
  return {
    folders: () => enabled().map((s) => ({ model: s.model, name: s.name })),
    findings: (folder) => {
      const state = enabled().find((s) => s.model === folder.model);
      return state ? findingsOf(ws, state) : [];
    },
    stateOf: (folder) => enabled().find((s) => s.model === folder.model),
  };
}

export function registerAgentTools(ws: ServerWorkspace): void {
  const failed: AgentToolResult = { text: 'Tech Policy could not answer (see the Tech Policy output).\n', isError: true };
  ws.connection.onRequest(
    AgentToolRequest,
    safe(ws.connection, AgentToolRequest, failed, async (params: AgentToolParams): Promise<AgentToolResult> => {
      await ws.ready;
      const tool = toolNamed(typeof params?.tool === 'string' ? params.tool : '');
      const host = hostOf(ws);
      if (!tool || tool.readOnly) return runCheckTool(host, tool?.name ?? String(params?.tool).slice(0, 60), params?.input, VSCODE_TOOL_NAMES);
      // the request tool: your name from git in a trusted workspace, then the plan
      for (const folder of host.folders()) await host.stateOf(folder)?.refreshIdentity();
      const context = (folder: AgentFolder): RequestContext => {
        const state = host.stateOf(folder)!;
        return { existingFiles: state.exceptionFiles, requestedBy: state.identity, refused: state.exceptionsDirectoryRefused(), today: today() };
      };
      const plan = planRequest(host, params.input, context);
      if ('result' in plan) return plan.result;
      if (params.phase === 'prepare') return { text: plan.message + '\n', confirm: { title: plan.title, message: plan.message, file: plan.rel } };
      if (params.confirmed !== plan.rel) {
        return { text: `Nothing was written: the request would now be ${plan.rel}, not the ${params.confirmed ?? 'file'} the user confirmed. Ask again.\n`, isError: true };
      }
      const uri = ws.toClient(plan.request.uri);
      return { ...requestWrittenText(plan), edit: plan.request.edit, uri };
    }),
  );
}
