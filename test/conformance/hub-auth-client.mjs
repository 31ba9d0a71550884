// The hub's OAuth client (dist/main/core/auth) as the MCP conformance suite's client under test, for
// its auth scenarios: `conformance client --command "node hub-auth-client.mjs" --scenario auth/…`.
// The server URL is the last argument; MCP_CONFORMANCE_CONTEXT carries the scenario's data
// (pre-registered client_id/client_secret). What the hub does, this does: connect; on "sign-in needed"
// run the sign-in (the suite's authorization server approves at once, so the "browser" is one request
// whose redirect lands on the hub's loopback listener); on a 403 for more scopes, sign in again for
// them, at most twice (the retry limit).
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { HubOAuthProvider } = await import(path.join(root, 'dist/main/core/auth/oauth-provider.js'));
const { signIn } = await import(path.join(root, 'dist/main/core/auth/sign-in.js'));

/** The suite's Client ID Metadata Document URL (it serves the document itself). */
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';
const MAX_STEP_UPS = 2;

const serverUrl = process.argv.at(-1);
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const secrets = new Map();
let signedInFor;
const provider = new HubOAuthProvider({
  server: 'conformance',
  serverUrl,
  secrets: { get: async (k) => secrets.get(k), set: async (k, v) => void secrets.set(k, v), delete: async (k) => secrets.delete(k) },
  keyPrefix: 'hub/conformance/server/conformance/oauth',
  reference: { resource: () => signedInFor, set: (r) => void (signedInFor = r), clear: () => void (signedInFor = undefined) },
  preRegistered: context.client_id ? { clientId: context.client_id, clientSecret: async () => context.client_secret } : undefined,
  clientMetadataUrl: CIMD_URL,
});

/** The user's browser, approving at once: the authorization server redirects to our loopback. */
async function browser(url) {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`the authorization server did not redirect (${res.status})`);
  await fetch(location);
}

async function connect() {
  const client = new Client({ name: 'agent-hub', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider, fetch: provider.fetch }));
  return client;
}

/** Runs `step`; when the server wants a sign-in (or more scopes), signs in and tries again, within the limit. */
async function withSignIn(step) {
  for (let signIns = 0; ; signIns++) {
    try {
      return await step();
    } catch (e) {
      if (!(provider.signInNeeded || provider.stepUp) || signIns > MAX_STEP_UPS) throw e;
      await signIn(provider, { serverUrl, openUrl: browser });
    }
  }
}

let client;
client = await withSignIn(async () => {
  client?.close().catch(() => {});
  return (client = await connect());
});
await withSignIn(() => client.listTools());
await withSignIn(() => client.callTool({ name: 'test-tool', arguments: {} }));
await client.close();
process.exit(0);
