import { afterEach, describe, expect, it } from 'vitest';
import { readClientConfig, writeClientConfig } from '../../main/core/config/client-files.js';
import { keychainError } from '../../main/core/secrets/keytar-store.js';
import { createServerSecretsResolver, deleteSecretKeys, noServerSecrets, serverEnvKey, serverHeaderKey, storeSecretKeys } from '../../main/core/secrets/server-secrets.js';
import { secretKey } from '../../main/core/secrets/secret-store.js';
import { isSettingKey } from '../../main/core/store/settings-repo.js';
import { openStore, type Store } from '../../main/core/store/store.js';
import { ServerConfigSchema, type ServerConfig } from '../../shared/config.js';
import { ErrorCodes } from '../../shared/errors.js';
import { tempDataDir } from '../helpers/cli.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

const stdio = (extra: object): ServerConfig => ServerConfigSchema.parse({ name: 'gh', transport: 'stdio', command: 'node', ...extra });
const issueOf = (input: object) => {
  const r = ServerConfigSchema.safeParse(input);
  return r.success ? undefined : `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`;
};

describe('secretEnv in server configs', () => {
  it('defaults to none and keeps the names it is given', () => {
    expect(stdio({}).secretEnv).toEqual([]);
    expect(stdio({ secretEnv: ['API_TOKEN', '_x1'] }).secretEnv).toEqual(['API_TOKEN', '_x1']);
  });

  it('refuses a key that is also in env, a repeated key and a name no process could read', () => {
    const base = { name: 'gh', transport: 'stdio', command: 'node' };
    expect(issueOf({ ...base, env: { API_TOKEN: 'x' }, secretEnv: ['API_TOKEN'] })).toBe('secretEnv: API_TOKEN is also in env; keep it in one of them');
    expect(issueOf({ ...base, secretEnv: ['A', 'A'] })).toBe('secretEnv: lists a key twice');
    expect(issueOf({ ...base, secretEnv: ['API-TOKEN'] })).toMatch(/^secretEnv\.0: must be an environment variable name/);
    expect(issueOf({ ...base, secretEnv: ['1A'] })).toMatch(/^secretEnv\.0: must be an environment variable name/);
  });

  it('is for HTTP servers the hub starts, not for remote ones', () => {
    const http = { name: 'web', transport: 'http', url: 'http://127.0.0.1:9/mcp', secretEnv: ['K'] };
    expect(issueOf(http)).toBe('secretEnv: needs a command (only a server the hub starts gets environment variables)');
    expect(issueOf({ ...http, command: 'node' })).toBeUndefined();
    expect(issueOf({ ...http, command: 'node', env: { K: 'v' } })).toBe('secretEnv: K is also in env; keep it in one of them');
  });

  it('is exported as a ${env:KEY} placeholder, never a value, and imports back as a reported variable', () => {
    const doc = writeClientConfig([stdio({ env: { PLAIN: 'p' }, secretEnv: ['API_TOKEN'] })], 'cursor');
    expect(doc).toEqual({ mcpServers: { gh: { command: 'node', args: [], env: { PLAIN: 'p', API_TOKEN: '${env:API_TOKEN}' } } } });
    expect(readClientConfig(doc).warnings).toEqual([expect.stringContaining('mcpServers.gh.env.API_TOKEN holds a variable (${env:API_TOKEN})')]);
  });
});

describe('secretHeaders in HTTP server configs', () => {
  const http = { name: 'web', transport: 'http', url: 'https://example.com/mcp' };
  it('keeps header names, case-insensitively unique, and never next to a plain header of the same name', () => {
    expect(ServerConfigSchema.parse({ ...http, secretHeaders: ['Authorization'] })).toMatchObject({ secretHeaders: ['Authorization'] });
    expect(issueOf({ ...http, secretHeaders: ['Authorization', 'authorization'] })).toBe('secretHeaders: lists a header twice');
    expect(issueOf({ ...http, headers: { authorization: 'x' }, secretHeaders: ['Authorization'] })).toBe('secretHeaders: Authorization is also in headers; keep it in one of them');
    expect(issueOf({ ...http, secretHeaders: ['Bad Header'] })).toMatch(/^secretHeaders\.0: must be an HTTP header name/);
    expect(issueOf({ name: 'gh', transport: 'stdio', command: 'node', secretHeaders: ['X'] })).toMatch(/Unrecognized key/);
  });
});

describe('secret keys and the secret env resolver', () => {
  it('namespaces keys per hub, with parts that cannot fake a separator', () => {
    expect(serverEnvKey('h1', 'gh', 'API_TOKEN')).toBe('hub/h1/server/gh/env/API_TOKEN');
    expect(secretKey('h1', 'a/b')).toBe('hub/h1/a%2Fb');
    expect(secretKey('h1', 'a/b')).not.toBe(secretKey('h1', 'a', 'b'));
    expect(() => secretKey('', 'x')).toThrow();
  });

  it('reads each value of a server, from its own hub\'s keys only', async () => {
    const secrets = memorySecrets({ [serverEnvKey('h1', 'gh', 'A')]: 'a1', [serverEnvKey('h1', 'gh', 'B')]: 'b1', [serverEnvKey('h2', 'gh', 'A')]: 'a2' });
    expect(await createServerSecretsResolver(secrets, () => 'h1')(stdio({ secretEnv: ['A', 'B'] }))).toEqual({ env: { A: 'a1', B: 'b1' }, headers: {} });
    await expect(createServerSecretsResolver(secrets, () => 'h2')(stdio({ secretEnv: ['A', 'B'] }))).rejects.toThrow(
      'The keychain has no value for B of server "gh" (or it is locked); unlock the keychain, or set it with: agent-hub server set-secret gh B.',
    );
  });

  it('reads secret headers by their lower-case name, and names the header that is missing', async () => {
    const secrets = memorySecrets({ [serverHeaderKey('h1', 'web', 'Authorization')]: 'Bearer s3cret' });
    const web = ServerConfigSchema.parse({ name: 'web', transport: 'http', url: 'https://example.com/mcp', secretHeaders: ['Authorization'] });
    expect(serverHeaderKey('h1', 'web', 'Authorization')).toBe('hub/h1/server/web/header/authorization');
    expect(await createServerSecretsResolver(secrets, () => 'h1')(web)).toEqual({ env: {}, headers: { Authorization: 'Bearer s3cret' } });
    await expect(createServerSecretsResolver(secrets, () => 'h2')(web)).rejects.toThrow(
      'The keychain has no value for the header Authorization of server "web" (or it is locked); unlock the keychain, or set it with: agent-hub server set-secret web Authorization --header.',
    );
  });

  it('needs neither the store nor a hub id for a server without secrets', async () => {
    const resolve = createServerSecretsResolver(memorySecrets(), () => {
      throw new Error('no hub id needed');
    });
    expect(await resolve(stdio({}))).toEqual({ env: {}, headers: {} });
    expect(await noServerSecrets(stdio({}))).toEqual({ env: {}, headers: {} });
    await expect(noServerSecrets(stdio({ secretEnv: ['A'] }))).rejects.toMatchObject({ code: ErrorCodes.keychainUnavailable });
  });

  it('stores all values or none, and deletes what it can', async () => {
    const secrets = memorySecrets();
    const failing = { ...secrets, set: async (key: string, value: string) => (value === 'bad' ? Promise.reject(new Error('locked')) : secrets.set(key, value)) };
    const keyA = serverEnvKey('h', 'gh', 'A');
    const keyB = serverEnvKey('h', 'gh', 'B');
    await expect(storeSecretKeys(failing, new Map([[keyA, 'ok'], [keyB, 'bad']]))).rejects.toThrow('locked');
    expect([...secrets.entries.keys()]).toEqual([]);

    await storeSecretKeys(secrets, new Map([[keyA, 'a'], [keyB, 'b']]));
    expect(secrets.entries.get('hub/h/server/gh/env/B')).toBe('b');
    const flaky = { ...secrets, delete: async (key: string) => (key.endsWith('/A') ? Promise.reject(new Error('no bus')) : secrets.delete(key)) };
    expect((await deleteSecretKeys(flaky, [keyA, keyB]))?.message).toBe('no bus');
    expect([...secrets.entries.keys()]).toEqual(['hub/h/server/gh/env/A']);
  });
});

describe('keychain errors', () => {
  // The messages libsecret gives (found with dbus-run-session and gnome-keyring; see test/integration/keychain.test.ts).
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', /^The OS keychain cannot be reached because there is no D-Bus session bus;/],
    ['Could not connect: No such file or directory', /no D-Bus session bus/],
    ['The name org.freedesktop.secrets was not provided by any .service files', /^No Secret Service \(the OS keychain\) is running/],
    ['Cannot create an item in a locked collection', /^The keychain collection is locked; unlock it/],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', /^The keychain has no login collection/],
    ['Prompt dismissed', /^The keychain prompt was dismissed; try again/],
    ['Something else.\nwith detail', /^The OS keychain refused the request \(Something else\); check that it is running and unlocked, then try again\.$/],
  ])('turns "%s" into one sentence with the fix', (message, sentence) => {
    const e = keychainError(new Error(message));
    expect(e.code).toBe(ErrorCodes.keychainUnavailable);
    expect(e.message).toMatch(sentence);
    expect(e.message.match(/[.!?](\s|$)/g)).toHaveLength(1);
  });
});

describe('the hub id', () => {
  let stores: Store[] = [];
  afterEach(() => {
    stores.forEach((s) => s.close());
    stores = [];
  });
  const open = (dir: string) => {
    const s = openStore(dir);
    stores.push(s);
    return s;
  };

  it('is made once, kept in hub.db, shared by every connection, and differs between data folders', () => {
    const dir = tempDataDir();
    const first = open(dir);
    const other = open(dir);
    const id = first.hubId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.hubId()).toBe(id);
    first.close();
    expect(open(dir).hubId()).toBe(id);
    expect(open(tempDataDir()).hubId()).not.toBe(id);
  });

  it('is not a setting the user sees or sets', () => {
    const store = open(tempDataDir());
    store.hubId();
    expect(Object.keys(store.settings.all())).not.toContain('hub-id');
    expect(isSettingKey('hub-id')).toBe(false);
  });
});
