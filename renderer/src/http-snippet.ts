import type { ClientApp } from '../../shared/clients.js';

/**
 * The hub's MCP endpoint and the entries an app that speaks Streamable HTTP takes to reach it: its URL
 * and an Authorization header with the client's token. (The stdio entry, which launches `agent-hub
 * connect`, comes from the hub's clientSetup; the HTTP forms are written here until the hub gives
 * them too.) Each app spells a remote entry its own way; the shapes follow the docs the hub's app
 * registry names (main/core/config/app-registry.ts).
 */

/** The endpoint of a hub listening on `port` (always 127.0.0.1: the hub listens nowhere else). */
export function endpointUrl(port: number): string {
  return `http://127.0.0.1:${port}/mcp`;
}

/** What stands in the snippet for a token the page no longer has (it is shown once, at creation). */
export function tokenPlaceholder(client: string | undefined): string {
  return client ? `<token of ${client}>` : '<client token>';
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
/** A double-quoted string that TOML and YAML read as JSON does. */
const quoted = (s: string) => JSON.stringify(s);

/** The form most apps accept: `mcpServers` → `agent-hub` → url + headers. */
export function genericHttpSnippet(url: string, token: string): string {
  return json({ mcpServers: { 'agent-hub': { url, headers: { Authorization: `Bearer ${token}` } } } });
}

type Builder = (url: string, auth: string) => string;

const mcpServers = (extra: Record<string, unknown>, urlKey = 'url'): Builder => (url, auth) =>
  json({ mcpServers: { 'agent-hub': { ...extra, [urlKey]: url, headers: { Authorization: auth } } } });

const HTTP_ENTRIES: Partial<Record<ClientApp, Builder>> = {
  cursor: mcpServers({}),
  vscode: (url, auth) => json({ servers: { 'agent-hub': { type: 'http', url, headers: { Authorization: auth } } } }),
  'vscode-insiders': (url, auth) => json({ servers: { 'agent-hub': { type: 'http', url, headers: { Authorization: auth } } } }),
  'claude-code': mcpServers({ type: 'http' }),
  windsurf: mcpServers({}, 'serverUrl'),
  zed: (url, auth) => json({ context_servers: { 'agent-hub': { url, headers: { Authorization: auth } } } }),
  cline: mcpServers({ type: 'streamableHttp' }),
  'roo-code': mcpServers({ type: 'streamable-http' }),
  continue: (url, auth) =>
    ['mcpServers:', '  - name: agent-hub', '    type: streamable-http', `    url: ${quoted(url)}`, '    requestOptions:', '      headers:', `        Authorization: ${quoted(auth)}`].join('\n'),
  'gemini-cli': mcpServers({}, 'httpUrl'),
  codex: (url, auth) => ['[mcp_servers.agent-hub]', `url = ${quoted(url)}`, `http_headers = { Authorization = ${quoted(auth)} }`].join('\n'),
  goose: (url, auth) =>
    [
      'extensions:',
      '  agent-hub:',
      '    type: streamable_http',
      '    name: agent-hub',
      '    enabled: true',
      `    uri: ${quoted(url)}`,
      '    headers:',
      `      Authorization: ${quoted(auth)}`,
      '    timeout: 300',
    ].join('\n'),
  'lm-studio': mcpServers({}),
  'amazon-q': mcpServers({ type: 'http' }),
  kiro: mcpServers({}),
};

/**
 * The app's entry for the hub over HTTP, or undefined for an app whose file takes only servers it
 * starts itself (Claude Desktop: remote servers are added in its Connectors settings, not its file).
 */
export function appHttpSnippet(app: ClientApp, url: string, token: string): string | undefined {
  return HTTP_ENTRIES[app]?.(url, `Bearer ${token}`);
}
