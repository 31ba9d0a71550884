import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../shared/errors.js';
import { openStore, type Store } from '../../main/core/store/store.js';
import { tempDataDir } from '../helpers/cli.js';

let store: Store;
afterEach(() => store?.close());

describe('ServersRepo', () => {
  it('adds, lists, updates, enables and removes servers', () => {
    store = openStore(tempDataDir());
    store.servers.add({ name: 'b', transport: 'http', url: 'http://127.0.0.1:1/mcp' });
    store.servers.add({ name: 'a', transport: 'stdio', command: 'node', args: ['x.js'], env: { K: 'v' } });
    expect(store.servers.list().map((s) => s.name)).toEqual(['a', 'b']);
    store.servers.setEnabled('a', false);
    expect(store.servers.get('a')).toMatchObject({ enabled: false, command: 'node', env: { K: 'v' }, tools: { deny: [] } });
    store.servers.remove('a');
    expect(store.servers.list().map((s) => s.name)).toEqual(['b']);
  });

  it('refuses a taken name and an invalid config with a clear sentence', () => {
    store = openStore(tempDataDir());
    store.servers.add({ name: 'a', transport: 'stdio', command: 'x' });
    expect(() => store.servers.add({ name: 'a', transport: 'stdio', command: 'y' })).toThrow(/already exists/);
    expect(() => store.servers.add({ name: 'A', transport: 'stdio', command: 'y' })).toThrow(/name: must be lower-case/);
    expect(() => store.servers.remove('nope')).toThrow(/no server named "nope"/);
  });

  it('writes all of a batch or none of it', () => {
    store = openStore(tempDataDir());
    store.servers.add({ name: 'taken', transport: 'stdio', command: 'x' });
    expect(() =>
      store.servers.addMany(
        [
          { name: 'new-one', transport: 'stdio', command: 'x' },
          { name: 'taken', transport: 'stdio', command: 'y' },
        ],
        { replace: false },
      ),
    ).toThrow(expect.objectContaining({ code: ErrorCodes.conflict }));
    expect(store.servers.list().map((s) => s.name)).toEqual(['taken']);
    store.servers.addMany([{ name: 'taken', transport: 'stdio', command: 'y' }], { replace: true });
    expect(store.servers.get('taken')).toMatchObject({ command: 'y' });
  });

  it('reports a stored config that was damaged outside the hub, naming the server', () => {
    store = openStore(tempDataDir());
    store.servers.add({ name: 'a', transport: 'stdio', command: 'x' });
    store.db.prepare(`UPDATE servers SET config = '{"transport":"stdio"}' WHERE name = 'a'`).run();
    expect(() => store.servers.list()).toThrow(/stored configuration of server "a".*command/);
  });
});
