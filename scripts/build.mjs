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
