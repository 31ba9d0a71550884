import { DEFAULT_PORT } from '../../shared/defaults.js';
import { version } from './version.js';

/** The whole --help text, in one place so that it stays cheap to print. */
export const usage = `agent-hub ${version}: one local MCP endpoint for all your MCP servers and A2A agents.

Usage:
  agent-hub serve [--port N]                       run the hub without the desktop window (default port ${DEFAULT_PORT})
  agent-hub open                                   a one-time link that signs your browser in to the UI
  agent-hub connect --client NAME [--port N]       bridge stdio to the running hub (starting it if needed),
                                                   for MCP clients that launch a command

  agent-hub server add NAME [--env K=V]… [--cwd DIR] -- COMMAND [ARGS…]   a local stdio server
  agent-hub server add NAME --url URL [--header "K: V"]…                  an HTTP server
  agent-hub server add NAME --url URL [--env K=V]… -- COMMAND [ARGS…]     a local HTTP server the hub starts
      all take: [--disabled] [--no-prefix] [--allow-tool T]… [--deny-tool T]…
      local ones also [--secret-env K]…: asks for K's value (hidden) and keeps it in the OS keychain
  agent-hub server set-secret NAME KEY             replace (or add) one secret env value
  agent-hub server list [--json]
  agent-hub server status [--json]                 the running hub's view: state, tools, sign-in, last problem
  agent-hub server enable|disable|remove NAME

  agent-hub agent add NAME --url URL               an A2A agent (card fetched, checked, pinned); its tool: NAME__send_message
  agent-hub agent add NAME --url URL -- COMMAND [ARGS…]   a local agent the hub starts and supervises
  agent-hub agent list [--json]                    agents, their cards (signed and valid?) and card changes waiting
  agent-hub agent accept NAME                      accept a changed card (calls to the agent wait until then)
  agent-hub agent set-secret NAME                  the agent's API key or bearer token, kept in the OS keychain
  agent-hub agent enable|disable|remove NAME
  agent-hub tasks [--agent A] [--client C] [--json]   A2A tasks with their states, messages and artifacts

  agent-hub client add NAME [--json]               create a client; prints its token once
  agent-hub client list [--json]
  agent-hub client remove NAME                     revokes every token of the client
  agent-hub client setup NAME [--app A] [--write]  every app's config file, connected or not; --app A: what to
                                                   add to A's file; --write --app A adds it there, after a backup
                                                   (A: claude, cursor, vscode, zed, codex, goose …; see client --help)

  agent-hub consent list [--json]                  the consent rules
  agent-hub consent allow|deny --server S [--client C] [--tool T]   a standing rule ("*" = any client/tool)
  agent-hub consent revoke ID
  agent-hub consent pending [--json]               prompts waiting for an answer
  agent-hub consent answer ID allow|deny [--remember session|always]
  agent-hub consent changed [--json]               approved tools whose definition changed since

  agent-hub limit set [--client C] [--server S] [--tool T] PER_MINUTE   a rate limit (calls a minute; T needs S)
  agent-hub limit list [--json]
  agent-hub limit remove ID

  agent-hub settings [--json]
  agent-hub settings set KEY VALUE                 e.g. consent-timeout 120 (seconds)

  agent-hub import FILE [--format auto|APP] [--replace] [--json]
  agent-hub import --app APP [--replace] [--json]  the servers of APP's own config file (see import --help)
  agent-hub export [--format cursor|claude|vscode] [--out FILE]

Every command takes --data-dir DIR (default: AGENT_HUB_DATA_DIR, else the desktop app's data folder).
Listings take --json.`;
