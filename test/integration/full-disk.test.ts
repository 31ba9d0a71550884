import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/cli.js';

/**
 * A real full disk: a 2 MiB tmpfs mounted for this test (needs root, as on CI and the dev machines of
 * this project; the test fails loudly elsewhere rather than pretending).
 */
let mountPoint = '';

beforeAll(() => {
  mountPoint = tempDataDir('agent-hub-full-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]);
});

afterEach(() => fs.rmSync(path.join(mountPoint, 'filler'), { force: true }));

afterAll(() => {
  if (mountPoint) execFileSync('umount', [mountPoint]);
});

function fillDisk(dir: string): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
  // tmpfs may still accept a few bytes; take them too.
  try {
    fs.appendFileSync(path.join(dir, 'filler'), Buffer.alloc(1024, 1));
  } catch {
    // full
  }
}

describe('a full disk', () => {
  it('gives a clear error and loses nothing already saved', () => {
    const dataDir = path.join(mountPoint, 'data');
    expect(runCli(['server', 'add', 'kept', '--', 'node', 'kept.js'], { dataDir }).code).toBe(0);
    fillDisk(mountPoint);

    // One argv string may hold at most 128 KiB on Linux; 100 KiB still cannot fit on the full disk.
    const big = 'x'.repeat(100 * 1024);
    const r = runCli(['server', 'add', 'lost', '--env', `BIG=${big}`, '--', 'node'], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^agent-hub: The disk holding .*hub\.db is full; nothing was saved\. Free some space and try again\.$/);

    fs.rmSync(path.join(mountPoint, 'filler'));
    const list = runCli(['server', 'list', '--json'], { dataDir });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'kept', command: 'node', args: ['kept.js'] })]);
  });

  it('does not touch an export target when the disk is full', () => {
    const dataDir = tempDataDir();
    runCli(['server', 'add', 'a', '--env', `BIG=${'y'.repeat(64 * 1024)}`, '--', 'node'], { dataDir });
    const target = path.join(mountPoint, 'export.json');
    fs.writeFileSync(target, '{"previous": true}\n');
    fillDisk(mountPoint);
    const r = runCli(['export', '--out', target], { dataDir });
    fs.rmSync(path.join(mountPoint, 'filler'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The disk is full; .*export\.json was not written/);
    expect(fs.readFileSync(target, 'utf8')).toBe('{"previous": true}\n');
    expect(fs.readdirSync(mountPoint).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
