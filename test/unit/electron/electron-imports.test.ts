import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Files under `dir` that load 'electron' at runtime (`import type` is erased and does not count). */
function runtimeElectronImports(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => {
      const text = fs.readFileSync(path.join(root, dir, f), 'utf8');
      const runtime = /^\s*import\s+(?!type\b)[^;]*?from\s+['"]electron['"]/m.test(text) || /\b(?:require|import)\(\s*['"]electron['"]\s*\)/.test(text);
      return runtime;
    })
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`);
}

describe("the shell's one door to Electron", () => {
  it("only main.ts and the preload's entry load 'electron'; everything else takes its modules as parameters", () => {
    expect(runtimeElectronImports('main/electron')).toEqual(['main/electron/main.ts']);
    expect(runtimeElectronImports('preload')).toEqual(['preload/index.ts']);
  });
});
