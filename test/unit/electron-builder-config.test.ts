import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// electron-builder's own schema validation, offline: the packaging config is checked without building.
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = yaml.load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s configuration validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds a dmg, an nsis installer, an AppImage and a deb, with native modules outside the asar', () => {
    expect(config).toMatchObject({ mac: { target: 'dmg' }, win: { target: 'nsis' }, linux: { target: ['AppImage', 'deb'] } });
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**']));
  });

  it('would reject a broken configuration (the check is real)', async () => {
    await expect(validateConfiguration({ ...config, mac: { target: 'dmg', notAnOption: true } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });
});
