import { ErrorCodes, isHubError } from '../../shared/errors.js';
import { describeLimit, MAX_PER_MINUTE } from '../../shared/limits.js';
import { removeRateLimit, setRateLimit } from '../core/admin/limits-admin.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { escaped, printJson, printLine, printNote, printTable, safe } from './output.js';

export const limitUsage = `Usage:
  agent-hub limit set [--client C] [--server S] [--tool T] [--force] [--json] PER_MINUTE
                                   at most PER_MINUTE calls a minute (1 to ${MAX_PER_MINUTE}) by client C, to server
                                   or agent S, to its tool T (T needs S); a left-out one means all of them
                                   together. The same scope again replaces its number. --force sets it for a
                                   name that does not exist (yet)
  agent-hub limit list [--json]    the limits, with their ids
  agent-hub limit remove ID

A call over a limit is not made: an MCP client gets a tool error saying which limit and when to try
again, an A2A client HTTP 429 with Retry-After; the timeline records it as rate-limited.`;

export function limitCommand(argv: string[]): void {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'set': {
      const options = { client: { type: 'string' }, server: { type: 'string' }, tool: { type: 'string' }, force: { type: 'boolean' } } as const;
      const { values, positionals, dataDir } = parse('limit set', args, options);
      if (values.help) return printLine(limitUsage);
      const [raw] = expectPositionals('limit set', positionals, ['per_minute']);
      if (!/^\d+$/.test(raw!)) throw new UsageError(`PER_MINUTE must be a whole number of calls from 1 to ${MAX_PER_MINUTE}; got "${raw}".`);
      withStore(dataDir, (store) => {
        const input = {
          ...(values.client !== undefined ? { client: values.client } : {}),
          ...(values.server !== undefined ? { server: values.server } : {}),
          ...(values.tool !== undefined ? { tool: values.tool } : {}),
          perMinute: Number(raw),
          force: values.force ?? false,
        };
        let set: ReturnType<typeof setRateLimit>;
        try {
          set = setRateLimit(store, input);
        } catch (e) {
          // A tool without its server, a number out of range, a malformed name: a mistake in the call (exit 2).
          throw isHubError(e) && e.code === ErrorCodes.invalidArgument ? new UsageError(e.message) : e;
        }
        for (const w of set.warnings) printNote(`Warning: ${safe(w)}.`);
        if (values.json) return printJson(set.limit);
        printLine(escaped`Limit ${set.limit.id}: ${describeLimit(set.limit)}.`);
      });
      return;
    }
    case 'list':
    case 'ls': {
      const { values, positionals, dataDir } = parse('limit list', args, {});
      if (values.help) return printLine(limitUsage);
      expectPositionals('limit list', positionals, []);
      withStore(dataDir, (store) => {
        const limits = store.rateLimits.list();
        if (values.json) return printJson(limits);
        printTable(
          ['ID', 'CLIENT', 'SERVER', 'TOOL', 'PER MINUTE'],
          limits.map((l) => [String(l.id), l.client ?? '*', l.server ?? '*', l.tool ?? '*', String(l.perMinute)]),
          'No rate limits: calls are not limited. Add one with: agent-hub limit set [--client C] [--server S] [--tool T] PER_MINUTE',
        );
      });
      return;
    }
    case 'remove':
    case 'rm': {
      const { values, positionals, dataDir } = parse('limit remove', args, {});
      if (values.help) return printLine(limitUsage);
      const [text] = expectPositionals('limit remove', positionals, ['id']);
      const id = Number(text);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${text}" is not an id (a positive number; see: agent-hub limit list).`);
      withStore(dataDir, (store) => {
        removeRateLimit(store, id);
        printLine(`Removed limit ${id}.`);
      });
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      return printLine(limitUsage);
    default:
      throw new UsageError(`"limit ${sub}" is not a command.`);
  }
}
