/** `rules`: per rule id, a severity string or { severity, rationale, link }. */
import type { Node } from 'jsonc-parser';
import { isRuleId, RULE_IDS, SEVERITIES, type Severity } from '../../model';
import type { LayerContext } from '../layer';
import type { RuleConfig } from '../types';
import { webLink } from '../../text';

export function readRules(node: Node, cx: LayerContext): void {
  if (node.type !== 'object') {
    cx.problem(node, '"rules" must be an object keyed by rule id.');
    return;
  }
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const id = String(k.value);
    if (!isRuleId(id)) {
      cx.problem(k, `Unknown rule "${id}". Known rules: ${RULE_IDS.join(', ')}.`);
      continue;
    }
    const config: Partial<RuleConfig> = {};
    if (v.type === 'string') {
      const severity = readSeverity(v, cx);
      if (severity) config.severity = severity;
    } else if (v.type === 'object') {
      for (const rp of v.children ?? []) {
        const [rk, rv] = rp.children ?? [];
        if (!rk || !rv) continue;
        const field = String(rk.value);
        if (field === 'severity') {
          const severity = readSeverity(rv, cx);
          if (severity) config.severity = severity;
        } else if (field === 'rationale' || field === 'link') {
          if (rv.type !== 'string') cx.problem(rv, `"${field}" must be a string.`);
          else if (field === 'link' && webLink(rv.value) === undefined) {
            // shown as a link in hovers, SARIF and the job summary: only a web page may be one
            cx.problem(rv, '"link" must be an https: or http: address; Tech Policy\'s page for the rule is linked instead.', 'warning');
          } else config[field] = rv.value;
        } else {
          cx.problem(rk, `Unknown rule setting "${field}". Known settings: severity, rationale, link.`, 'warning');
        }
      }
    } else {
      cx.problem(v, `A rule is configured with an object { "severity", "rationale", "link" } or a severity string.`);
      continue;
    }
    cx.layer.rules[id] = config;
  }
}

function readSeverity(node: Node, cx: LayerContext): Severity | undefined {
  if (node.type === 'string' && (SEVERITIES as readonly string[]).includes(node.value)) return node.value as Severity;
  cx.problem(node, `Invalid severity${node.type === 'string' ? ` "${node.value}"` : ''}: use one of ${SEVERITIES.join(', ')}.`);
  return undefined;
}
