import crypto from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../../../shared/consent.js';
import { hasHiddenCharacters, revealHidden } from '../../../shared/visible-text.js';

export type { ToolDefinition } from '../../../shared/consent.js';

export function definitionOf(tool: Tool, originalName: string): ToolDefinition {
  return {
    name: originalName,
    // Only when set, so the hash of a tool without a title is what it was before titles were pinned.
    ...(tool.title === undefined ? {} : { title: tool.title }),
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema,
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
  };
}

/** JSON with object keys sorted at every level, so equal definitions hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashDefinition(def: ToolDefinition): string {
  return crypto.createHash('sha256').update(canonicalJson(def)).digest('hex');
}

/**
 * A pin made before titles were pinned (Agent Hub before 0008): it holds no title, and the current
 * definition differs from it only by having one. Such a pin takes the title on (trust on first use of
 * the new field) instead of asking the user about every titled tool once after an upgrade.
 */
export function pinnedBeforeTitles(pin: { hash: string; definition: ToolDefinition }, current: ToolDefinition): boolean {
  if (current.title === undefined || pin.definition.title !== undefined) return false;
  const { title: _, ...untitled } = current;
  return hashDefinition(untitled) === pin.hash;
}

/**
 * Where the definition holds characters that hide text from a human reader but not from a model
 * (see shared/visible-text.ts): every string at any depth, object keys included, since a schema's
 * property name is read by the model too. Paths like `inputSchema.properties.path.description`; a key
 * that holds one is named with its hidden characters shown and ` (key)` after it:
 * `inputSchema.properties.pa⟨U+200B⟩th (key)`.
 */
export function hiddenCharacterFields(def: ToolDefinition): string[] {
  const fields: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (hasHiddenCharacters(value)) fields.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const at = path ? `${path}.${revealHidden(key)}` : revealHidden(key);
        if (hasHiddenCharacters(key)) fields.push(`${at} (key)`);
        visit(v, at);
      }
    }
  };
  visit(def, '');
  return fields;
}

/** A line diff of two definitions (pretty JSON), for "what changed since you approved it". */
export function diffDefinitions(before: ToolDefinition, after: ToolDefinition): string {
  const a = JSON.stringify(JSON.parse(canonicalJson(before)), null, 2).split('\n');
  const b = JSON.stringify(JSON.parse(canonicalJson(after)), null, 2).split('\n');
  // Longest common subsequence table; definitions are small.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${b[j]}`);
      j++;
    } else {
      out.push(`- ${a[i]}`);
      i++;
    }
  }
  return out.join('\n');
}
