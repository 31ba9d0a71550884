// `agent-hub` on the PATH, straight to dist/main/cli.js: `npx agent-hub` costs 1.5–3.5 s per command
// (npm resolving the package), ten times the CLI's own start-up. `npm run setup` links it into the
// user's own bin folder, ~/.local/bin (the XDG place; Debian, Ubuntu and Fedora put it on PATH at login
// once it exists), never into a system folder. AGENT_HUB_BIN_DIR picks another folder; AGENT_HUB_NO_LINK=1
// skips this. An existing agent-hub there that is not our link is left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function linkCli(root) {
  if (process.env.AGENT_HUB_NO_LINK === '1') return;
  const cli = path.join(root, 'dist', 'main', 'cli.js');
  if (process.platform === 'win32') {
    console.log(`setup: run the CLI as: node "${cli}" (or npx agent-hub).`);
    return;
  }
  const dir = process.env.AGENT_HUB_BIN_DIR || path.join(os.homedir(), '.local', 'bin');
  const link = path.join(dir, 'agent-hub');
  try {
    fs.mkdirSync(dir, { recursive: true });
    const existing = fs.lstatSync(link, { throwIfNoEntry: false });
    if (existing && !existing.isSymbolicLink()) {
      console.log(`setup: ${link} exists and is not a link Agent Hub made; left it alone (run the CLI as ${cli}).`);
      return;
    }
    if (existing) fs.rmSync(link);
    fs.symlinkSync(cli, link);
  } catch (e) {
    console.log(`setup: could not link agent-hub into ${dir} (${e.code ?? e.message}); run the CLI as ${cli}.`);
    return;
  }
  const onPath = (process.env.PATH ?? '').split(path.delimiter).some((p) => path.resolve(p) === path.resolve(dir));
  console.log(
    onPath
      ? `setup: agent-hub is on your PATH (${link} → ${cli}).`
      : `setup: linked ${link} → ${cli}; ${dir} is not on your PATH yet: log in again, or add it (export PATH="${dir}:$PATH").`,
  );
}
