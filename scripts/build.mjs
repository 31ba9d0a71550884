// Builds everything the hub runs: Node code (tsc), the preload (one CommonJS file, as sandboxed
// preloads require) and the renderer (Vite).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node.json']);
fs.chmodSync(path.join(root, 'dist/main/cli.js'), 0o755);

// The CLI as one CommonJS file, which dist/main/cli.js runs through V8's code cache (see main/cli.ts).
// Native modules stay outside. import.meta has no CommonJS meaning: any use left in the bundle's code
// is an error, except import.meta.dirname, which is __dirname there (main/core/app-files.ts).
await build({
  entryPoints: [path.join(root, 'main/cli/entry.ts')],
  outfile: path.join(root, 'dist/main/cli.bundle.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3'],
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  define: { 'import.meta.dirname': '__dirname' },
  logOverride: { 'empty-import-meta': 'error' },
  logLevel: 'warning',
});

await build({
  entryPoints: [path.join(root, 'preload/index.ts')],
  outfile: path.join(root, 'dist/preload/index.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['electron'],
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});

run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
console.log('Built dist/ (main, preload, renderer).');
