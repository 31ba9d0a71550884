import { ESLint } from 'eslint';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/**
 * The fixtures live in test/fixtures/layering (ignored by the normal lint run); each is linted as if it
 * sat in the layer named here, through the project's real eslint.config.js.
 */
const eslint = new ESLint({ cwd: repoRoot, ignore: false });

async function lintAs(fixture: string, pretendPath: string): Promise<string[]> {
  const code = fs.readFileSync(path.join(repoRoot, 'test/fixtures/layering', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, pretendPath) });
  return result!.messages.filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
}

describe('layering lint rule', () => {
  it('fires when main/core imports electron', async () => {
    const messages = await lintAs('core-imports-electron.ts', 'main/core/bad.ts');
    expect(messages).toEqual([expect.stringContaining("main/core may not import 'electron'")]);
  });

  it('fires when main/core reaches into main/electron by a relative path', async () => {
    const messages = await lintAs('core-imports-electron-shell.ts', 'main/core/bad.ts');
    expect(messages).toEqual([expect.stringContaining('main/core may not import main/electron/ipc.js')]);
  });

  it('fires when shared imports electron', async () => {
    expect(await lintAs('core-imports-electron.ts', 'shared/bad.ts')).toHaveLength(1);
  });

  it('fires for node: and bare built-ins in the renderer', async () => {
    const messages = await lintAs('renderer-imports-node.tsx', 'renderer/src/bad.tsx');
    expect(messages).toEqual([expect.stringContaining("'node:fs'"), expect.stringContaining("'child_process'")]);
  });

  it('keeps the order inside main/core: store may not import a layer above it, gateway may import auth', async () => {
    expect(await lintAs('core-order-down.ts', 'main/core/store/bad.ts')).toEqual([
      expect.stringContaining('main/core/store/bad.ts may not import main/core/auth/oauth-provider.js: inside main/core, imports point down'),
    ]);
    expect(await lintAs('core-order-down.ts', 'main/core/gateway/fine.ts')).toEqual([]);
    expect(await lintAs('core-order-up.ts', 'main/core/admin/fine.ts')).toEqual([]);
  });

  it('stays quiet for code that follows the layers', async () => {
    expect(await lintAs('shared-clean.ts', 'shared/clean.ts')).toEqual([]);
    expect(await lintAs('core-imports-electron.ts', 'main/electron/fine.ts')).toEqual([]);
  });
});
