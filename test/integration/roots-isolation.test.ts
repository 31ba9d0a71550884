import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * Roots isolation through a real hub process: one shared `@modelcontextprotocol/server-filesystem`
 * (it replaces its allowed directories with the roots its client gives it, and asks again on
 * notifications/roots/list_changed) called by several real SDK clients, each with its own roots. Its
 * tool `list_allowed_directories` says which roots the server is serving a call with.
 */

afterEach(stopAllHubs);

const fsServer = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
/** A fresh folder, by its real path (server-filesystem resolves symlinks in what it reports). */
const folder = (prefix: string) => fs.realpathSync(tempDataDir(`roots-${prefix}-`));

interface RootsClient {
  client: Client;
  /** The folder this client's roots/list answers with now. */
  root: string;
  /** How many times the hub asked this client for its roots. */
  asked: number;
}

async function setup(): Promise<{ hub: RunningHub; base: string; connect: (name: string, root?: string) => Promise<RootsClient> }> {
  const dataDir = tempDataDir();
  const base = folder('base');
  expect(runCli(['server', 'add', 'fs', '--', process.execPath, fsServer, base], { dataDir }).code).toBe(0);
  expect(runCli(['consent', 'allow', '--server', 'fs'], { dataDir }).code).toBe(0);
  const hub = await startHub({ dataDir });
  const connect = async (name: string, root?: string): Promise<RootsClient> => {
    const token = hub.addClient(name);
    const client = await hub.connect(token, root === undefined ? {} : { roots: { listChanged: true } });
    const rc: RootsClient = { client, root: root ?? '', asked: 0 };
    if (root !== undefined) {
      client.setRequestHandler(ListRootsRequestSchema, () => {
        rc.asked++;
        return { roots: [{ uri: pathToFileURL(rc.root).href, name: `${name}'s folder` }] };
      });
    }
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'fs__list_allowed_directories'), 30_000, 'fs tools');
    return rc;
  };
  return { hub, base, connect };
}

/** The directories server-filesystem serves this client's call with. */
async function allowed(c: RootsClient): Promise<string[]> {
  const r = (await c.client.callTool({ name: 'fs__list_allowed_directories', arguments: {} })) as { content: { text: string }[]; isError?: boolean };
  expect(r.isError ?? false).toBe(false);
  const [head, ...dirs] = r.content[0]!.text.split('\n');
  expect(head).toBe('Allowed directories:');
  return dirs;
}

const serverLog = (hub: RunningHub) => {
  try {
    return fs.readFileSync(path.join(hub.dataDir, 'logs', 'fs.log'), 'utf8');
  } catch {
    return '';
  }
};
const count = (text: string, what: string) => text.split(what).length - 1;

/**
 * For steps that only set the scene: the client's calls come to be served with its own roots. The first
 * test holds every call to that from the first one on; the others use this so that each fails for its
 * own reason only.
 */
const servedOwnRoots = (c: RootsClient) =>
  eventually(async () => {
    const dirs = await allowed(c);
    return dirs.length === 1 && dirs[0] === c.root && dirs;
  }, 15_000, `calls served with ${c.root}`);

describe('roots isolation on a shared server', () => {
  // The hub holds a call until the server has fetched the new caller's roots, then pings it; but
  // server-filesystem applies roots asynchronously (realpath, stat) after the fetch, so a call forwarded
  // at once can still be served with the previous caller's roots. This test states what must hold.
  it('serves each client\'s call with that client\'s roots, from the first call on, however the calls interleave', async () => {
    const { connect } = await setup();
    const a = await connect('app-a', folder('a'));
    const b = await connect('app-b', folder('b'));

    expect(await allowed(a)).toEqual([a.root]);
    expect(b.asked).toBe(0);
    expect(await allowed(b)).toEqual([b.root]);
    expect(await allowed(a)).toEqual([a.root]);
    for (const order of ['abba', 'baab', 'aabb', 'abab', 'bbaa', 'baba']) {
      for (const who of order) {
        const c = who === 'a' ? a : b;
        expect(await allowed(c), `${order}: ${who}`).toEqual([c.root]);
      }
    }
    // A run of calls from one client does not ask it again: only a change of caller does.
    const before = a.asked;
    await allowed(a);
    await allowed(a);
    expect(a.asked).toBe(before);
  }, 60_000);

  it('asks only the client whose call is next, once per change of caller', async () => {
    const { connect } = await setup();
    const a = await connect('app-a', folder('a'));
    const b = await connect('app-b', folder('b'));
    await servedOwnRoots(a);
    expect([a.asked, b.asked]).toEqual([1, 0]);
    await servedOwnRoots(b);
    expect([a.asked, b.asked]).toEqual([1, 1]);
    await servedOwnRoots(a);
    expect([a.asked, b.asked]).toEqual([2, 1]);
  }, 60_000);

  it('a client\'s roots/list_changed reaches the server holding its roots, which asks that client again', async () => {
    const { connect } = await setup();
    const a = await connect('app-a', folder('a'));
    const b = await connect('app-b', folder('b'));
    await servedOwnRoots(a);
    const [askedA, askedB] = [a.asked, b.asked];

    a.root = folder('a2');
    await a.client.sendRootsListChanged();
    // Outside any call: the server asks again, and the hub asks A (on A's own stream), never B.
    await eventually(() => a.asked === askedA + 1, 15_000, 'the server to ask A for its roots again');
    expect(b.asked).toBe(askedB);
    await servedOwnRoots(a);

    // While B holds the server's roots, A's change is not passed on: B's calls keep B's roots, and
    // nobody is asked until A calls again.
    await servedOwnRoots(b);
    const held = [a.asked, b.asked];
    a.root = folder('a3');
    await a.client.sendRootsListChanged();
    expect(await allowed(b)).toEqual([b.root]);
    expect([a.asked, b.asked]).toEqual(held);
    await servedOwnRoots(a);
  }, 60_000);

  it('a client that changes its roots and says so gets its new roots on its very next call', async () => {
    const { connect } = await setup();
    const a = await connect('app-a', folder('a'));
    await servedOwnRoots(a);
    for (const next of ['a2', 'a3', 'a4']) {
      // A opens another folder, says so, and calls at once: the call must not run on the old folder.
      a.root = folder(next);
      await a.client.sendRootsListChanged();
      expect(await allowed(a), next).toEqual([a.root]);
    }
  }, 60_000);

  it('a client without the roots capability is answered an empty list (server-filesystem then keeps what it had)', async () => {
    const { hub, connect } = await setup();
    const a = await connect('app-a', folder('a'));
    const none = await connect('no-roots');
    const b = await connect('app-b', folder('b'));
    await servedOwnRoots(a);
    const empty = 'No valid root directories provided by client';
    const seen = count(serverLog(hub), empty);
    const asked = a.asked + b.asked;

    const servedToNone = await allowed(none);
    // The hub answered the server's roots/list for the rootless client with an empty list: the server
    // logs exactly that (an answer with any folder, or an error, would log something else), and nobody
    // with roots was asked for theirs.
    await eventually(() => count(serverLog(hub), empty) === seen + 1, 15_000, 'the server to log the empty roots');
    expect(a.asked + b.asked).toBe(asked);
    // server-filesystem keeps its previous folders when given no roots (updateAllowedDirectoriesFromRoots
    // in its dist/index.js), and those are A's, not its command-line folder: the rootless client's call is
    // served with A's folder. The hub cannot make a server drop roots; this documents what the server does.
    expect(servedToNone).toEqual([a.root]);

    // The next client with roots gets its own again, asked once.
    await servedOwnRoots(b);
    expect(a.asked + b.asked).toBe(asked + 1);
  }, 60_000);

  it('a server that restarts is given the calling client\'s roots again', async () => {
    const { hub, connect, base } = await setup();
    const a = await connect('app-a', folder('a'));
    await servedOwnRoots(a);
    const asked = a.asked;
    expect(runCli(['server', 'disable', 'fs'], { dataDir: hub.dataDir }).code).toBe(0);
    await eventually(async () => !(await a.client.listTools()).tools.some((t) => t.name.startsWith('fs__')), 15_000, 'fs gone');
    expect(runCli(['server', 'enable', 'fs'], { dataDir: hub.dataDir }).code).toBe(0);
    await eventually(async () => (await a.client.listTools()).tools.some((t) => t.name === 'fs__list_allowed_directories'), 30_000, 'fs back');
    // The new process starts on its command-line folder and knows no client's roots: the same client's
    // next call must give it A's roots again.
    expect(base).not.toBe(a.root);
    await servedOwnRoots(a);
    expect(a.asked).toBe(asked + 1);
  }, 90_000);
});
