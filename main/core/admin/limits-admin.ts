import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { MAX_PER_MINUTE, RateLimitInputSchema, type RateLimitInput, type RateLimitView } from '../../../shared/limits.js';
import { isValidName, NAME_RULE } from '../../../shared/names.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import { UI_CLIENT } from '../../../shared/workbench.js';
import type { Store } from '../store/store.js';
import { unknownServer, unknownTool } from './known-names.js';

type LimitsStore = Pick<Store, 'rateLimits' | 'servers' | 'agents' | 'clients' | 'catalogCache'>;

/**
 * Setting a rate limit, the one path for `agent-hub limit set` and the Consent page. A limit for a
 * client, server, agent or tool that does not exist would never apply, or would apply to whatever takes
 * that name later: it is refused with the reason unless `force` (then the reasons come back as
 * warnings), as consent rules are. A mistake in the call itself (a tool without its server, a number
 * out of range, a name that cannot be one) is an invalid argument.
 */
export function setRateLimit(store: LimitsStore, input: RateLimitInput): { limit: RateLimitView; warnings: string[] } {
  const { client, server, tool, perMinute, force } = validInput(input);
  const warnings: string[] = [];
  if (server !== undefined) {
    const problem = tool === undefined ? unknownServer(store, server) : unknownTool(store, server, tool);
    if (problem) warnings.push(problem.startsWith('There is no server') ? `${problem}, so the limit would apply to whatever is added under that name later` : problem);
  }
  if (client !== undefined && client !== UI_CLIENT && !store.clients.exists(client)) warnings.push(`There is no client named "${client}" (see: agent-hub client list)`);
  if (warnings.length && !force) throw new HubError(ErrorCodes.notFound, `${warnings.join('; ')}; nothing was changed (add --force to set the limit anyway).`);
  const limit = store.rateLimits.set({ client: client ?? null, server: server ?? null, tool: tool ?? null }, perMinute);
  return { limit, warnings };
}

export function removeRateLimit(store: Pick<Store, 'rateLimits'>, id: number): void {
  store.rateLimits.remove(id);
}

/** The input checked field by field, each mistake in its own sentence (the CLI shows it as a usage error). */
function validInput(input: RateLimitInput): RateLimitInput {
  const invalid = (message: string) => new HubError(ErrorCodes.invalidArgument, message);
  if (input.tool !== undefined && input.server === undefined) {
    throw invalid(`A limit on tool "${input.tool}" needs its server or agent too (--server S): a tool is named as its server calls it.`);
  }
  for (const [flag, name] of [['client', input.client], ['server', input.server]] as const) {
    if (name !== undefined && !isValidName(name)) throw invalid(`--${flag} must be a ${flag === 'client' ? 'client' : 'server or agent'} name (${NAME_RULE}); got "${name}".`);
  }
  if (!Number.isInteger(input.perMinute) || input.perMinute < 1 || input.perMinute > MAX_PER_MINUTE) {
    throw invalid(`Calls per minute must be a whole number from 1 to ${MAX_PER_MINUTE}; got ${JSON.stringify(input.perMinute)}.`);
  }
  const parsed = RateLimitInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(`The limit cannot be set: ${formatZodIssue(parsed.error)}.`);
  return parsed.data;
}
