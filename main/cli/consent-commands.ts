import type { ChangedToolView, ConsentPromptView } from '../../shared/consent.js';
import { RememberSchema } from '../../shared/consent.js';
import { isValidName } from '../../shared/names.js';
import { answerPrompt } from '../core/consent/answer-prompt.js';
import { addStandingRule } from '../core/consent/consent-rules.js';
import { changedTools } from '../core/consent/changed-tools.js';
import { WILDCARD } from '../core/consent/consent-policy.js';
import type { Store } from '../core/store/store.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { escaped, GUTTER, printFitted, printJson, printLine, printNote, printTable, safe } from './output.js';

export async function consentCommand(argv: string[]): Promise<void> {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'list':
    case 'ls':
      return withParsedStore('consent list', args, {}, (store, { values }) => {
        const rules = store.consent.rules();
        if (values.json) return printJson(rules);
        printTable(
          ['ID', 'EFFECT', 'CLIENT', 'SERVER', 'TOOL', 'SCOPE', 'MADE BY'],
          rules.map((r) => [String(r.id), r.effect, r.client, r.server, r.tool, r.scope, r.createdBy]),
          'No consent rules: every tool call asks. Add one with: agent-hub consent allow --server NAME [--client C] [--tool T]',
        );
      });
    case 'allow':
    case 'deny':
      return withParsedStore(`consent ${sub}`, args, { client: { type: 'string' }, server: { type: 'string' }, tool: { type: 'string' }, force: { type: 'boolean' } }, (store, { values }) => {
        const server = values.server;
        if (!server) throw new UsageError(`"consent ${sub}" needs --server NAME.`);
        if (!isValidName(server)) throw new UsageError(`--server must be a server name (lower-case letters, digits and "-"); got "${server}".`);
        const client = values.client ?? WILDCARD;
        if (client !== WILDCARD && !isValidName(client)) throw new UsageError(`--client must be a client name or "*"; got "${client}".`);
        const tool = values.tool ?? WILDCARD;
        if (!tool) throw new UsageError('--tool must not be empty (use "*" for every tool).');
        const { id, warnings } = addStandingRule(store, { client, server, tool, effect: sub, createdBy: 'cli' }, { force: values.force ?? false });
        for (const w of warnings) printNote(`Warning: ${safe(w)}.`);
        if (values.json) return printJson(store.consent.rules().find((r) => r.id === id));
        printLine(`Rule ${id}: ${sub} ${tool === WILDCARD ? 'every tool' : `"${safe(tool)}"`} of "${server}" for ${client === WILDCARD ? 'every client' : `client "${client}"`}.`);
      });
    case 'revoke':
      return withParsedStore('consent revoke', args, {}, (store, { positionals }) => {
        const [id] = expectPositionals('consent revoke', positionals, ['id']);
        store.consent.revokeRule(parseId(id!));
        printLine(`Revoked rule ${id}.`);
      });
    case 'pending':
      return withParsedStore('consent pending', args, {}, (store, { values }) => {
        const pending = store.consent.pendingPrompts();
        if (values.json) return printJson(pending);
        if (pending.length === 0) return printLine('No prompts are waiting for an answer.');
        for (const p of pending) printFitted(describePrompt(p));
      });
    case 'answer':
      return withParsedStore('consent answer', args, { remember: { type: 'string' } }, (store, { values, positionals }) => {
        const [id, effect] = expectPositionals('consent answer', positionals, ['id', 'allow|deny']);
        if (effect !== 'allow' && effect !== 'deny') throw new UsageError(`The answer must be allow or deny; got "${effect}".`);
        const remember = RememberSchema.safeParse(values.remember ?? 'once');
        if (!remember.success) throw new UsageError(`--remember must be session or always; got "${values.remember}".`);
        const p = answerPrompt(store.consent, parseId(id!), effect, remember.data, 'cli');
        if (values.json) return printJson(p);
        printLine(escaped`Prompt ${p.id}: ${effect === 'allow' ? 'allowed' : 'denied'} ${p.server} ${p.tool} for ${p.client}${remember.data === 'once' ? ' (this once)' : ` and remembered (${remember.data})`}.`);
      });
    case 'changed':
      return withParsedStore('consent changed', args, {}, (store, { values }) => {
        const changed = changedTools(store.consent);
        if (values.json) return printJson(changed);
        if (changed.length === 0) return printLine('No approved tool has changed.');
        for (const c of changed) printFitted(`${describeChange(c)}\n`);
      });
    case undefined:
    case 'help':
    case '--help':
      return printLine(consentUsage);
    default:
      throw new UsageError(`"consent ${sub}" is not a command.`);
  }
}

export const consentUsage = `Usage:
  agent-hub consent list [--json]                                     the rules
  agent-hub consent allow|deny --server S [--client C] [--tool T] [--force]
                                                                      a standing rule (C and T default to "*");
                                                                      --force makes it for a name that does not exist (yet)
  agent-hub consent revoke ID
  agent-hub consent pending [--json]                                  prompts waiting for an answer
  agent-hub consent answer ID allow|deny [--remember session|always]
  agent-hub consent changed [--json]                                  approved tools whose definition changed`;

type Options = Parameters<typeof parse>[2];

/** Parses a consent subcommand's arguments, then runs it with the store open. */
function withParsedStore<O extends Options>(command: string, argv: string[], options: O, fn: (store: Store, parsed: ReturnType<typeof parse<O>>) => void): void {
  const parsed = parse(command, argv, options);
  if (parsed.values.help) return printLine(consentUsage);
  withStore(parsed.dataDir, (store) => fn(store, parsed));
}

function parseId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${text}" is not an id (a positive number).`);
  return id;
}

/**
 * A prompt as the CLI shows it. Every value in it comes from a server, a client or the call, so each is
 * escaped, and the server's multi-line text is quoted line by line behind GUTTER: only the header and
 * the labels start a line.
 */
export function describePrompt(p: ConsentPromptView): string {
  const d = p.details;
  const why = p.reason === 'changed' ? 'the tool changed since it was approved' : 'no rule answers this call';
  const lines = [escaped`#${p.id}  ${p.client} wants to call ${p.server} ${p.tool}  (asked because ${why}; since ${p.createdAt})`];
  if (d.title) lines.push(escaped`    title: ${d.title}`);
  if (d.description) lines.push("    description (the server's words):", ...quoted(d.description));
  if (d.annotations) lines.push(escaped`    the server claims: ${JSON.stringify(d.annotations)}`);
  if (d.hiddenCharacters.length) lines.push(escaped`    WARNING: invisible, control or direction-changing characters in ${d.hiddenCharacters.join(', ')}`);
  lines.push(escaped`    arguments: ${JSON.stringify(d.arguments)}`);
  if (d.diff) lines.push('    what changed:', ...quoted(d.diff));
  lines.push(`    answer: agent-hub consent answer ${p.id} allow|deny [--remember session|always]`);
  return lines.join('\n');
}

/** An approved tool whose definition changed, with the diff quoted as in a prompt. */
export function describeChange(c: ChangedToolView): string {
  return [escaped`${c.server} ${c.tool}: changed ${c.changedAt} (approved ${c.approvedAt})`, ...quoted(c.diff)].join('\n');
}

/** Untrusted multi-line text, each line escaped and behind the gutter. */
function quoted(text: string): string[] {
  return text.split(/\r?\n/).map((line) => GUTTER + safe(line));
}
