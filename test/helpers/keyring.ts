import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDataDir } from './cli.js';

/**
 * A real OS keychain for tests: a private D-Bus session bus (dbus-run-session) with gnome-keyring's
 * Secret Service, under a throwaway HOME, so tests never see the developer's own keychain.
 *   unlocked           the login collection exists and is unlocked: reads and writes work
 *   locked             the login collection exists but is locked (writes fail, reads find nothing)
 *   no-keyring         gnome-keyring starts on demand but has no login collection, and cannot prompt to make one
 *   no-secret-service  a bus on which nothing provides org.freedesktop.secrets
 * Pass `env` to every process that should use it. No display is set, so a keyring prompt fails at once
 * instead of waiting for a click. CI installs dbus and gnome-keyring (see .ci/run).
 */
export type KeyringState = 'unlocked' | 'locked' | 'no-keyring' | 'no-secret-service';

export interface Keyring {
  home: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const PASSWORD = 'test-keyring-password';

/**
 * A shell script that runs gnome-keyring in the foreground, unlocked (creating the login collection on
 * first use), as its own child: a daemonized one would outlive the session. It waits (at most ~10 s)
 * until the daemon owns its bus name and the collection is on disk; a request before that would start
 * a second, locked daemon. Then `then`, then the daemon is stopped.
 */
function withUnlockedDaemon(then: string): string {
  return `echo -n '${PASSWORD}' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
kr=$!
i=0
until [ -s "$XDG_DATA_HOME/keyrings/login.keyring" ] && dbus-send --session --print-reply --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  i=$((i+1)); [ $i -gt 1000 ] && { kill $kr; exit 1; }; sleep 0.01
done
${then}
kill $kr; wait $kr`;
}

const running = new Set<Keyring>();

export async function startKeyring(state: KeyringState = 'unlocked'): Promise<Keyring> {
  const home = tempDataDir('agent-hub-keyring-');
  const base = homeEnv(home);
  if (state === 'locked') createLoginKeyring(base);
  const config = state === 'no-secret-service' ? [`--config-file=${writeBareBusConfig(home)}`] : [];
  // The session lives as long as `cat` reads stdin: stop() (or this process dying) closes it.
  const serve = 'echo "$DBUS_SESSION_BUS_ADDRESS"; cat';
  const script = state === 'unlocked' ? withUnlockedDaemon(serve) : serve;
  const child = spawn('dbus-run-session', [...config, '--', 'sh', '-c', script], { env: base, stdio: ['pipe', 'pipe', 'ignore'] });
  const address = await firstLine(child);
  const keyring: Keyring = {
    home,
    env: { ...base, DBUS_SESSION_BUS_ADDRESS: address },
    async stop() {
      running.delete(keyring);
      child.stdin!.end();
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
  running.add(keyring);
  return keyring;
}

/** An environment in which no D-Bus session bus can be found (nor autolaunched: no X11 display). */
export function noBusEnv(): NodeJS.ProcessEnv {
  const home = tempDataDir('agent-hub-nobus-');
  return { ...homeEnv(home), DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: home };
}

export async function stopAllKeyrings(): Promise<void> {
  await Promise.allSettled([...running].map((k) => k.stop()));
}

/** The hub id a data folder's hub.db holds (its keychain entries are under hub/<id>/…). */
export function hubIdOf(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
  try {
    return JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'hub-id'`).pluck().get() as string) as string;
  } finally {
    db.close();
  }
}

/** What the keychain reachable with `env` holds for `account` (read by another process, as the hub would). */
export function keychainGet(env: NodeJS.ProcessEnv, account: string): string | null {
  const ops = path.join(repoRoot, 'test/fixtures/secrets/keychain-ops.mjs');
  const r = spawnSync(process.execPath, [ops, 'agent-hub', `get:${account}`], { env, encoding: 'utf8', timeout: 30_000 });
  const out = JSON.parse(r.stdout) as { results: (string | null)[]; error?: { message: string } };
  if (out.error) throw new Error(out.error.message);
  return out.results[0]!;
}

/** Every file under `dir` whose bytes contain `needle` (to prove a secret was not written in clear). */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

function homeEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    DISPLAY: undefined,
    WAYLAND_DISPLAY: undefined,
    DBUS_SESSION_BUS_ADDRESS: undefined,
  };
}

/** Unlocking once creates ~/.local/share/keyrings/login.keyring; a later session finds it locked. */
function createLoginKeyring(env: NodeJS.ProcessEnv): void {
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', withUnlockedDaemon(':')], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const file = path.join(env.XDG_DATA_HOME!, 'keyrings', 'login.keyring');
  if (r.status !== 0 || !fs.existsSync(file)) throw new Error(`Could not create a login keyring (${r.error?.message ?? r.stderr}); install dbus and gnome-keyring.`);
}

/** A session bus configuration without service directories: no Secret Service can be activated. */
function writeBareBusConfig(dir: string): string {
  const file = path.join(dir, 'bare-session.conf');
  fs.writeFileSync(
    file,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
  );
  return file;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(out.slice(0, nl).trim());
    });
    child.once('error', (e) => reject(new Error(`dbus-run-session could not start (${e.message}); install dbus and gnome-keyring.`)));
    child.once('exit', (code) => reject(new Error(`dbus-run-session exited (${code}) before the bus was up; install dbus and gnome-keyring.`)));
  });
}
