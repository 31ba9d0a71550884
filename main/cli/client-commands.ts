import { ClientApps, ConsentInSchema, type ClientApp } from '../../shared/clients.js';
import { clientSetups, connectClient } from '../core/admin/client-admin.js';
import { APP_LABELS, currentHost, type ConnectRecord } from '../core/config/client-apps.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { printJson, printLine, printNote, printTable } from './output.js';

export const clientUsage = `Usage:
  agent-hub client add NAME [--json]      create a client; prints its token once
  agent-hub client list [--json]
  agent-hub client remove NAME            revokes every token of the client, and its consent rules
  agent-hub client set NAME --consent-in hub|client|both
                                          where its tool calls ask for consent: Agent Hub (default),
                                          the client app (an elicitation, when it supports them), or both
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
          ['NAME', 'CONSENT IN', 'CREATED'],
          clients.map((c) => [c.name, c.consentIn, c.createdAt]),
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
    case 'set': {
      const { values, positionals, dataDir } = parse('client set', args, { 'consent-in': { type: 'string' } });
      const [name] = expectPositionals('client set', positionals, ['name']);
      if (values['consent-in'] === undefined) throw new UsageError('"client set" needs something to change: --consent-in hub|client|both.');
      const consentIn = ConsentInSchema.safeParse(values['consent-in']);
      if (!consentIn.success) throw new UsageError(`--consent-in must be hub, client or both, not "${values['consent-in']}".`);
      withStore(dataDir, (store) => {
        const client = store.clients.update(name!, { consentIn: consentIn.data });
        if (values.json) return printJson(client);
        printLine(`Client "${client.name}" is asked for consent in ${CONSENT_IN_TEXT[client.consentIn]}.`);
      });
      return;
    }
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
