import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/cli.js';

// `agent-hub` runs its bundle through V8's code cache (main/cli.ts, main/code-cache.ts). These run the
// real command with its own cache folder and AGENT_HUB_CODE_CACHE=debug, which reports what happened.
describe('the CLI code cache', () => {
  const run = (cacheHome: string, mode = 'debug') => {
    const r = runCli(['server', 'list', '--json'], { dataDir: tempDataDir(), env: { XDG_CACHE_HOME: cacheHome, AGENT_HUB_CODE_CACHE: mode } });
    return { ...r, outcome: /code cache (\w+)/.exec(r.stderr)?.[1] };
  };
  const cacheFiles = (cacheHome: string) => {
    const dir = path.join(cacheHome, 'Agent Hub', 'code-cache');
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
  };

  it('is written by the first run and used by the next', () => {
    const home = tempDataDir('agent-hub-cache-');
    const first = run(home);
    expect(first.code).toBe(0);
    expect(first.outcome).toBe('missing');
    const files = cacheFiles(home);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0]!)).toMatch(/^cli-server-.*\.v8$/);
    expect(fs.statSync(files[0]!).mode & 0o077).toBe(0);

    const second = run(home);
    expect(second.outcome).toBe('accepted');
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout)).toEqual([]);
  });

  it('survives a damaged cache file: the command runs, and the file is replaced', () => {
    const home = tempDataDir('agent-hub-cache-');
    run(home);
    const [file] = cacheFiles(home);
    fs.writeFileSync(file!, 'not a V8 code cache');

    const damaged = run(home);
    expect(damaged.code).toBe(0);
    expect(damaged.outcome).toBe('rejected');
    expect(JSON.parse(damaged.stdout)).toEqual([]);
    expect(fs.readFileSync(file!, 'utf8')).not.toBe('not a V8 code cache');
    expect(run(home).outcome).toBe('accepted');
  });

  it('never fails a command when the cache folder cannot be created', () => {
    const dir = tempDataDir('agent-hub-cache-');
    const notAFolder = path.join(dir, 'file');
    fs.writeFileSync(notAFolder, '');
    for (let i = 0; i < 2; i++) {
      const r = run(notAFolder);
      expect(r.code).toBe(0);
      expect(r.outcome).toBe('missing');
      expect(JSON.parse(r.stdout)).toEqual([]);
    }
  });

  it('is not used with AGENT_HUB_CODE_CACHE=off', () => {
    const home = tempDataDir('agent-hub-cache-');
    const r = runCli(['server', 'list', '--json'], { dataDir: tempDataDir(), env: { XDG_CACHE_HOME: home, AGENT_HUB_CODE_CACHE: 'off' } });
    expect(r.code).toBe(0);
    expect(cacheFiles(home)).toEqual([]);
  });
});
