import type { ConsentPromptView, Remember } from '../../../shared/consent.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { ConsentRepo } from '../store/consent-repo.js';

/**
 * Answers a pending prompt, in one transaction: settles it (the first answer wins) and makes the rule
 * the user asked to remember. Used in the hub (UI, elicitation) and by `agent-hub consent answer` from
 * another process; the hub notices the latter within its poll.
 *
 * What the answer approves, and for how long:
 * - "always": a standing rule (the identical one if it exists, never a second copy), and the tool's pin
 *   moves to the definition this prompt showed, so standing rules follow it;
 * - "session": a session rule pinned to this definition on its own; the tool's pin stays;
 * - "once": nothing is remembered, and the tool's pin never moves (a standing rule made for an older
 *   definition must not start covering the new one). Only a tool without any pin yet is pinned to the
 *   definition the user saw, so a rule made later starts from what was shown, not from what comes next.
 */
export function answerPrompt(repo: ConsentRepo, id: number, effect: 'allow' | 'deny', remember: Remember, answeredBy: string): ConsentPromptView {
  return repo.transaction(() => {
    const prompt = repo.prompt(id);
    if (!prompt) throw new HubError(ErrorCodes.notFound, `There is no consent prompt ${id} (see: agent-hub consent pending).`);
    if (prompt.status !== 'pending' || !repo.settlePrompt(id, effect === 'allow' ? 'allowed' : 'denied', remember, answeredBy)) {
      throw new HubError(ErrorCodes.conflict, `Consent prompt ${id} is no longer pending (${prompt.status}); nothing was changed.`);
    }
    const { definition, definitionHash } = prompt.details;
    if (remember !== 'once') {
      repo.addRule({
        client: prompt.client,
        server: prompt.server,
        tool: prompt.tool,
        effect,
        scope: remember,
        ...(remember === 'session' ? { sessionId: prompt.sessionId, ...(effect === 'allow' ? { definitionHash } : {}) } : {}),
        createdBy: `prompt ${id}`,
      });
    }
    if (effect === 'allow' && (remember === 'always' || !repo.pin(prompt.server, prompt.tool))) {
      repo.setPin(prompt.server, prompt.tool, definitionHash, definition);
    }
    return repo.prompt(id)!;
  });
}
