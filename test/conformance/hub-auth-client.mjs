// The hub's OAuth client (dist/main/core/auth: HubOAuthProvider and signIn) as the MCP conformance
// suite's client under test: `conformance client --command "node hub-auth-client.mjs" --scenario auth/…
// --spec-version V`. The server URL is the last argument; MCP_CONFORMANCE_CONTEXT carries the scenario's
// data (pre-registered client_id/client_secret), MCP_CONFORMANCE_PROTOCOL_VERSION the revision.
//
// What the hub does, this does: connect; on "sign-in needed" run the sign-in (the suite's authorization
// server approves at once, so the "browser" is one request whose redirect lands on the hub's loopback
// listener, where `state` and RFC 9207's `iss` are checked); on a 403 for more scopes, sign in again for
// them, at most twice (the retry limit); then list the tools and call each.
//
// The requests themselves travel as the hub's upstream connection sends them: 2025-11-25 with the v1
// SDK's client (the hub's legacy connection); 2026-07-28, whose scenario servers speak only that
// stateless revision, with the v2 SDK's client pinned to it (the hub's modern connection), declaring
// what the hub relays (roots, sampling, elicitation). The OAuth client is the same in both.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';

const root = path.resolve(import.meta.dirname, '..', '..');
const { HubOAuthProvider } = await import(path.join(root, 'dist/main/core/auth/oauth-provider.js'));
const { signIn } = await import(path.join(root, 'dist/main/core/auth/sign-in.js'));

/** The suite's Client ID Metadata Document URL (it serves the document itself). */
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';
const MAX_STEP_UPS = 2;

const serverUrl = process.argv.at(-1);
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25';
const modern = version >= '2026-07-28';
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
  if (!modern) {
    const client = new Client({ name: 'agent-hub', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider, fetch: provider.fetch }));
    return client;
  }
  const client = new ModernClient(
    { name: 'agent-hub', version: '1' },
    { versionNegotiation: { mode: { pin: version } }, capabilities: { roots: {}, sampling: {}, elicitation: { form: {} } } },
  );
  client.setRequestHandler('roots/list', async () => ({ roots: [] }));
  client.setRequestHandler('sampling/createMessage', async () => ({ role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'agent-hub' }));
  client.setRequestHandler('elicitation/create', async () => ({ action: 'decline' }));
  // A 403 for more scopes is the hub's to answer (a sign-in for them), not the transport's.
  await client.connect(new ModernTransport(new URL(serverUrl), { authProvider: provider, fetch: provider.fetch, onInsufficientScope: 'throw' }));
  return client;
}

/** Runs `step`; when the server wants a sign-in (or more scopes), signs in and tries again, within the limit. */
async function withSignIn(step) {
  for (let signIns = 0; ; signIns++) {
    try {
      return await step();
    } catch (e) {
      if (!(provider.signInNeeded || provider.stepUp) || signIns > MAX_STEP_UPS) throw e;
      if (provider.signInNeeded?.reason) console.error(provider.signInNeeded.reason);
      await signIn(provider, { serverUrl, openUrl: browser });
    }
  }
}

/** Some value of the type each argument asks for. */
function argumentsFor(tool) {
  const args = {};
  for (const [k, s] of Object.entries(tool.inputSchema?.properties ?? {})) args[k] = s.type === 'number' || s.type === 'integer' ? 1 : s.type === 'boolean' ? true : 'x';
  return args;
}

let client;
client = await withSignIn(async () => {
  client?.close().catch(() => {});
  return (client = await connect());
});
const { tools } = await withSignIn(() => client.listTools());
for (const tool of tools) await withSignIn(() => client.callTool({ name: tool.name, arguments: argumentsFor(tool) }));
await client.close();
process.exit(0);
