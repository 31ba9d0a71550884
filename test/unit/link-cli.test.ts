import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDataDir } from '../helpers/cli.js';
// @ts-expect-error -- a plain .mjs script of the setup, without types
import { linkCli } from '../../scripts/link-cli.mjs';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe.runIf(process.platform !== 'win32')('npm run setup puts agent-hub on the PATH', () => {
  it('links dist/main/cli.js into the user bin folder, replaces its own old link, and leaves a foreign file alone', () => {
    const root = tempDataDir();
    const bin = path.join(tempDataDir(), 'bin');
    vi.stubEnv('AGENT_HUB_BIN_DIR', bin);
    const said: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void said.push(line));

    (linkCli as (root: string) => void)(root);
    expect(fs.readlinkSync(path.join(bin, 'agent-hub'))).toBe(path.join(root, 'dist', 'main', 'cli.js'));
    expect(said.at(-1)).toMatch(/is not on your PATH yet: log in again, or add it/);

    vi.stubEnv('PATH', `${bin}${path.delimiter}${process.env.PATH}`);
    (linkCli as (root: string) => void)(root);
    expect(said.at(-1)).toBe(`setup: agent-hub is on your PATH (${path.join(bin, 'agent-hub')} → ${path.join(root, 'dist', 'main', 'cli.js')}).`);

    fs.rmSync(path.join(bin, 'agent-hub'));
    fs.writeFileSync(path.join(bin, 'agent-hub'), '#!/bin/sh\n');
    (linkCli as (root: string) => void)(root);
    expect(fs.readFileSync(path.join(bin, 'agent-hub'), 'utf8')).toBe('#!/bin/sh\n');
    expect(said.at(-1)).toMatch(/exists and is not a link Agent Hub made; left it alone/);
  });
});
