import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real terminal for tests: a tmux server of its own (its own socket), whose panes run a command and
 * whose screen is read back with capture-pane. tmux interprets what a program prints the way a terminal
 * emulator does (cursor moves, erasing, titles, OSC 52 clipboard writes into a paste buffer).
 */
export interface Terminal {
  /** Runs `command` (a shell command line) in a new pane of `columns` × `rows`; returns the pane id. */
  run(command: string, columns?: number, rows?: number): string;
  /** The pane's screen as text, one string per row (`withEscapes`: with the attributes tmux still holds, as escape sequences). */
  screen(pane: string, withEscapes?: boolean): string[];
  title(pane: string): string;
  /** What programs wrote to the clipboard (OSC 52) of this tmux server. */
  clipboard(): string[];
  kill(): void;
}

let count = 0;

export function startTerminal(): Terminal {
  const version = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (version.error) throw new Error(`tmux could not be run (${version.error.message}): install the Debian package tmux (apt-get install tmux); this test needs a real terminal.`);
  const socket = `agent-hub-test-${process.pid}-${++count}`;
  // Clipboard writes from programs are taken into paste buffers, so a test can see them.
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-tmux-')), 'tmux.conf');
  fs.writeFileSync(config, 'set -g set-clipboard on\n');
  const tmux = (...args: string[]) => {
    const r = spawnSync('tmux', ['-L', socket, '-f', config, ...args], { encoding: 'utf8', env: { ...process.env, TERM: process.env.TERM || 'xterm-256color' } });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  let sessions = 0;
  return {
    run(command, columns = 200, rows = 50) {
      return tmux('new-session', '-d', '-s', `s${++sessions}`, '-x', String(columns), '-y', String(rows), '-P', '-F', '#{pane_id}', command).trim();
    },
    screen(pane, withEscapes = false) {
      return tmux('capture-pane', '-p', ...(withEscapes ? ['-e'] : []), '-t', pane).replace(/\n$/, '').split('\n');
    },
    title(pane) {
      return tmux('display-message', '-p', '-t', pane, '#{pane_title}').trim();
    },
    clipboard() {
      return tmux('list-buffers', '-F', '#{buffer_sample}').split('\n').filter(Boolean);
    },
    kill() {
      const socketPath = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout?.trim();
      spawnSync('tmux', ['-L', socket, 'kill-server']);
      if (socketPath) fs.rmSync(socketPath, { force: true });
      fs.rmSync(path.dirname(config), { recursive: true, force: true });
    },
  };
}

/** Single-quotes a word for the shell line tmux runs. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
