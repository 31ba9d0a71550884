import { ClientApps, ConsentInSchema, type ClientApp } from '../../shared/clients.js';
import { AUTO_SEARCH_THRESHOLD, DEFAULT_PROFILE, TOOL_REF, ToolModes, type ClientProfile, type ClientProfilePatch, type ToolMode } from '../../shared/client-profile.js';
import { setClientProfile } from '../core/admin/client-profile-admin.js';
import { clientSetups, connectClient } from '../core/admin/client-admin.js';
import { APP_LABELS, currentHost, type ConnectRecord } from '../core/config/client-apps.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError, type Parsed } from './args.js';
import { printJson, printLine, printNote, printTable } from './output.js';

export const clientUsage = `Usage:
  agent-hub client add NAME [--json]      create a client; prints its token once
  agent-hub client list [--json]
  agent-hub client remove NAME            revokes every token of the client, and its consent rules
  agent-hub client set NAME [--consent-in hub|client|both] [--servers S,…|all]
                          [--hide-tool SERVER__TOOL]… [--show-tool SERVER__TOOL]…
                          [--mode flat|search|auto] [--pin SERVER__TOOL]… [--unpin SERVER__TOOL]… [--force]
                                          --consent-in: where its tool calls ask for consent: Agent Hub
                                          (default), the client app (an elicitation, when it supports them), or both;
                                          --servers: the only servers and agents it sees (all: every one, the default);
                                          --hide-tool/--show-tool: tools it does not see (the server's own tool name);
                                          --mode: its tool list: flat (every tool, the default), search (hub__search_tools
                                          and hub__call_tool, plus the pinned tools) or auto (search above ${AUTO_SEARCH_THRESHOLD} tools);
                                          --force: accept names the hub does not know
  agent-hub client setup NAME [--app APP] [--write] [--json]
                                          every app with its config file and whether it is connected;
                                          --app APP prints the entry APP needs (it runs agent-hub connect);
                                          --app APP --write adds it to APP's file, after a backup (nothing
                                          is written when the file has that entry already)
                                          APP: ${ClientApps.join(', ')}`;

export function clientCommand(argv: string[]): void {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'add': {
      const { values, positionals, dataDir } = parse('client add', args, {});
      const [name] = expectPositionals('client add', positionals, ['name']);
      withStore(dataDir, (store) => {
        const { client, token } = store.clients.add(name!);
        if (values.json) return printJson({ name: client.name, token });
        printLine(token);
        printNote(`Created client "${client.name}". This token is shown only once; the hub keeps only its hash.`);
        printNote(`Clients that launch a command can use instead: agent-hub connect --client ${client.name}`);
      });
      return;
    }
    case 'list':
    case 'ls': {
      const { values, positionals, dataDir } = parse('client list', args, {});
      expectPositionals('client list', positionals, []);
      withStore(dataDir, (store) => {
        const clients = store.clients.list();
        if (values.json) return printJson(clients);
        printTable(
          ['NAME', 'CONSENT IN', 'SEES', 'TOOLS', 'CREATED'],
          clients.map((c) => [c.name, c.consentIn, seesColumn(c.profile ?? DEFAULT_PROFILE), c.profile?.mode ?? 'flat', c.createdAt]),
          'No clients yet. Create one with: agent-hub client add NAME',
        );
      });
      return;
    }
    case 'remove':
    case 'rm': {
      const { positionals, dataDir } = parse('client remove', args, {});
      const [name] = expectPositionals('client remove', positionals, ['name']);
      withStore(dataDir, (store) => {
        store.clients.remove(name!);
        printLine(`Removed client "${name}"; its tokens no longer work.`);
      });
      return;
    }
    case 'set':
      return setCommand(args);
    case 'setup':
      return setupCommand(args);
    case undefined:
    case 'help':
    case '--help':
      return printLine(clientUsage);
    default:
      throw new UsageError(`"client ${sub}" is not a command.`);
  }
}

const SET_OPTIONS = {
  'consent-in': { type: 'string' },
  servers: { type: 'string' },
  'hide-tool': { type: 'string', multiple: true },
  'show-tool': { type: 'string', multiple: true },
  mode: { type: 'string' },
  pin: { type: 'string', multiple: true },
  unpin: { type: 'string', multiple: true },
  force: { type: 'boolean' },
} as const;

/** `client set`: where it is asked for consent, and what it sees (its profile). */
function setCommand(args: string[]): void {
  const { values, positionals, dataDir } = parse('client set', args, SET_OPTIONS);
  const [name] = expectPositionals('client set', positionals, ['name']);
  const consentIn = values['consent-in'] === undefined ? undefined : ConsentInSchema.safeParse(values['consent-in']);
  if (consentIn && !consentIn.success) throw new UsageError(`--consent-in must be hub, client or both, not "${values['consent-in']}".`);
  const patch = profilePatch(values);
  if (!consentIn && !patch) {
    throw new UsageError('"client set" needs something to change: --consent-in, --servers, --hide-tool, --show-tool, --mode, --pin or --unpin.');
  }
  withStore(dataDir, (store) => {
    if (consentIn) store.clients.update(name!, { consentIn: consentIn.data });
    const warnings = patch ? setClientProfile(store, name!, { ...patch, ...(values.force ? { force: true } : {}) }).warnings : [];
    const client = store.clients.list().find((c) => c.name === name)!;
    if (values.json) return printJson(client);
    for (const w of warnings) printNote(`warning: ${w}.`);
    if (consentIn) printLine(`Client "${client.name}" is asked for consent in ${CONSENT_IN_TEXT[client.consentIn]}.`);
    if (patch) printLine(describeProfile(client.name, client.profile ?? DEFAULT_PROFILE));
  });
}

function profilePatch(values: Parsed<typeof SET_OPTIONS>['values']): ClientProfilePatch | undefined {
  const patch: ClientProfilePatch = {};
  if (values.servers !== undefined) patch.servers = values.servers.trim() === 'all' ? null : values.servers.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.mode !== undefined) {
    if (!(ToolModes as readonly string[]).includes(values.mode)) throw new UsageError(`--mode must be flat, search or auto, not "${values.mode}".`);
    patch.mode = values.mode as ToolMode;
  }
  for (const [flag, key] of [['hide-tool', 'hideTools'], ['show-tool', 'showTools'], ['pin', 'pin'], ['unpin', 'unpin']] as const) {
    const refs = values[flag];
    if (!refs?.length) continue;
    const bad = refs.find((r) => !TOOL_REF.test(r));
    if (bad !== undefined) throw new UsageError(`--${flag} takes SERVER__TOOL (the server name, two underscores, its own tool name), not "${bad}".`);
    patch[key] = refs;
  }
  return Object.keys(patch).length ? patch : undefined;
}

function seesColumn(p: ClientProfile): string {
  const servers = p.servers === null ? 'all' : p.servers.join(',') || 'nothing';
  return p.hiddenTools.length ? `${servers} (${p.hiddenTools.length} hidden)` : servers;
}

function describeProfile(name: string, p: ClientProfile): string {
  const servers = p.servers === null ? 'every server and agent' : p.servers.length ? `only ${p.servers.join(', ')}` : 'no server or agent';
  const hidden = p.hiddenTools.length ? `, without ${p.hiddenTools.join(', ')}` : '';
  const mode = { flat: 'all its tools listed', search: 'the search tools listed', auto: `all its tools listed up to ${AUTO_SEARCH_THRESHOLD}, the search tools above` }[p.mode];
  const pins = p.pins.length && p.mode !== 'flat' ? ` (pinned: ${p.pins.join(', ')})` : '';
  return `Client "${name}" sees ${servers}${hidden}; ${mode}${pins}.`;
}

const CONSENT_IN_TEXT = { hub: 'Agent Hub', client: 'the client app (or Agent Hub when the session cannot be asked)', both: 'both Agent Hub and the client app (the first answer wins)' } as const;

/** `client setup`: lists every app, prints one app's entry, or with --write puts it into that app's file. */
function setupCommand(args: string[]): void {
  const { values, positionals, dataDir } = parse('client setup', args, { app: { type: 'string' }, write: { type: 'boolean' } });
  const [name] = expectPositionals('client setup', positionals, ['name']);
  const apps = values.app === undefined ? [...ClientApps] : [parseApp(values.app)];
  if (values.write && values.app === undefined) throw new UsageError('"client setup --write" needs --app APP (one app at a time); "client setup NAME" lists the apps.');
  const host = currentHost();
  if (values.write) return writeSetup(apps[0]!, withStore(dataDir, (store) => connectClient(store, name!, apps[0]!, dataDir, host)), values.json);
  const setups = withStore(dataDir, (store) => clientSetups(store, name!, dataDir, host, apps));
  if (values.json) return printJson(setups);
  if (values.app === undefined) {
    printTable(
      ['APP', 'NAME', 'CONNECTED', 'CONFIG FILE'],
      setups.map((s) => [s.app, s.label, s.connected ? 'yes' : 'no', s.configPath]),
      'No apps.',
    );
    printNote(`To see an app's entry: agent-hub client setup ${name} --app APP; to add it to the app's file (after a backup): --app APP --write.`);
    return;
  }
  const s = setups[0]!;
  printNote(`${s.label}: add this to ${s.configPath}${s.connected ? ' (it already has an "agent-hub" entry)' : ''}, or run with --app ${s.app} --write:`);
  printLine(s.snippet);
}

function writeSetup(app: ClientApp, done: ConnectRecord, json: boolean | undefined): void {
  if (json) return printJson({ app, configPath: done.configPath, backupPath: done.backupPath, changed: done.changed });
  const label = APP_LABELS[app];
  if (!done.changed) {
    printLine(`${label} already has this entry in ${done.configPath}: nothing was written, and no backup was made.`);
    return;
  }
  printLine(`Connected ${label}: wrote ${done.configPath} (${done.backupPath ? `backup: ${done.backupPath}` : 'a new file, so no backup'}).`);
  printNote(
    done.backupPath
      ? `To undo, copy the backup over the file. Restart ${label} if it is running.`
      : `To undo, delete the file. Restart ${label} if it is running.`,
  );
}

function parseApp(value: string): ClientApp {
  if ((ClientApps as readonly string[]).includes(value)) return value as ClientApp;
  throw new UsageError(`--app must be one of ${ClientApps.join(', ')}; not "${value}".`);
}
