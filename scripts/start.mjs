// `npm start`: the desktop app where Electron can run, otherwise the headless hub with its browser UI.
// Either way it says which, in one line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { electronBinary, electronNativeDir, root } from './electron-binary.mjs';

const cli = path.join(root, 'dist', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('agent-hub: the hub is not built yet; run "npm run setup" first.');
  process.exit(1);
}

const electron = electronBinary();
const nativeReady = fs.existsSync(path.join(electronNativeDir, 'better_sqlite3.node'));
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const args = process.argv.slice(2);

let child;
if (electron && nativeReady && hasDisplay) {
  console.log('Starting the Agent Hub desktop app.');
  child = spawn(electron, [root, ...args], { stdio: 'inherit' });
} else {
  const why = !electron
    ? 'the Electron binary is not installed'
    : !nativeReady
      ? 'better-sqlite3 was not built for Electron (run npm run setup)'
      : 'there is no display';
  console.log(`Electron is not available here (${why}); starting the headless hub with its browser UI instead.`);
  child = spawn(process.execPath, [cli, 'serve', ...args], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
