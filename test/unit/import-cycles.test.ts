import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/**
 * No import cycles in main/core and shared, type-only imports included: a cycle hides which module
 * depends on which (the layering rule in eslint/layering-rule.js orders the directories; this catches
 * what it cannot, such as two modules of one directory that import each other).
 */
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

function graph(files: string[]): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) => path.resolve(path.dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts')).filter((d) => fs.existsSync(d));
    g.set(file, deps);
  }
  return g;
}

function cycles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'active');
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (state.get(d) === 'active') found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return found.map((c) => c.map((f) => path.relative(repoRoot, f)));
}

describe('imports', () => {
  it('form no cycle in main/core and shared', () => {
    const files = [...sourceFiles(path.join(repoRoot, 'main/core')), ...sourceFiles(path.join(repoRoot, 'shared'))];
    expect(cycles(graph(files)).map((c) => c.join(' → '))).toEqual([]);
  });
});
