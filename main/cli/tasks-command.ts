import { TaskFilterSchema, type TaskView } from '../../shared/a2a.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { printJson, printLine, printTable } from './output.js';
import { withStore } from './with-store.js';

export const tasksUsage = `Usage:
  agent-hub tasks [--agent NAME] [--client NAME] [--limit N] [--json]
      A2A tasks, newest first: agent, client, state, and (with --json) every state change, message and artifact`;

export function tasksCommand(argv: string[]): void {
  const { values, positionals, dataDir } = parse('tasks', argv, { agent: { type: 'string' }, client: { type: 'string' }, limit: { type: 'string' } });
  if (values.help) return printLine(tasksUsage);
  expectPositionals('tasks', positionals, []);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 5000)) throw new UsageError('--limit must be a whole number from 1 to 5000.');
  const filter = TaskFilterSchema.parse({ agent: values.agent, client: values.client, ...(limit ? { limit } : {}) });
  withStore(dataDir, (store) => {
    const tasks = store.tasks.list(filter);
    if (values.json) return printJson(tasks);
    printTable(
      ['UPDATED', 'AGENT', 'CLIENT', 'TASK', 'STATE', 'LAST'],
      tasks.map((t) => [t.updatedAt.replace('T', ' ').slice(0, 19), t.agent, t.client, t.taskId ?? '(message)', t.state, lastWords(t)]),
      'No A2A tasks yet. They appear here when an MCP client calls an agent (NAME__send_message).',
    );
  });
}

/** The latest text of the task, on one short line (printTable escapes what the agent wrote). */
function lastWords(t: TaskView): string {
  const text = [...t.events].reverse().find((e) => e.text)?.text ?? '';
  // Code points, not UTF-16 units: a cut must not split a character in two.
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : chars.join('');
}
