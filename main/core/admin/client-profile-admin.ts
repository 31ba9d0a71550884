import { applyProfilePatch, ClientProfilePatchSchema, TOOL_REF, type ClientProfile, type ClientProfilePatch } from '../../../shared/client-profile.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { Store } from '../store/store.js';
import { unknownServer, unknownTool, type NamesStore } from './known-names.js';

/**
 * Changing what a client sees, the one path for `agent-hub client set` and the Clients page. A server
 * or tool that does not exist would be an allowance (or a hiding) for whatever takes the name later: it
 * is refused with the reason unless `force`, as limits and consent rules are. The running hub applies
 * the new profile at once: its sessions hear list_changed when their list changed.
 */
export function setClientProfile(store: NamesStore & Pick<Store, 'clients'>, name: string, input: unknown): { profile: ClientProfile; warnings: string[] } {
  const parsed = ClientProfilePatchSchema.safeParse(input);
  if (!parsed.success) throw new HubError(ErrorCodes.invalidArgument, `The profile cannot be changed: ${formatZodIssue(parsed.error)}.`);
  const patch = parsed.data;
  if (!store.clients.exists(name)) throw new HubError(ErrorCodes.notFound, `There is no client named "${name}" (see: agent-hub client list).`);
  const warnings = problems(store, patch);
  if (warnings.length && !patch.force) throw new HubError(ErrorCodes.notFound, `${warnings.join('; ')}; nothing was changed (add --force to change it anyway).`);
  const profile = applyProfilePatch(store.clients.profile(name), patch);
  store.clients.setProfile(name, profile);
  return { profile, warnings };
}

function problems(store: NamesStore, patch: ClientProfilePatch): string[] {
  const out = new Set<string>();
  for (const server of patch.servers ?? []) {
    const problem = unknownServer(store, server);
    if (problem) out.add(problem);
  }
  // Showing or unpinning what does not exist is harmless: only adding names is checked.
  for (const ref of [...(patch.hideTools ?? []), ...(patch.pin ?? [])]) {
    const [, server, tool] = TOOL_REF.exec(ref)!;
    const problem = unknownTool(store, server!, tool!);
    if (problem) out.add(problem);
  }
  return [...out];
}
