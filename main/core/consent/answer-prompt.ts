import type { ConsentPromptView, Remember } from '../../../shared/consent.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { ConsentRepo } from '../store/consent-repo.js';

/**
 * Answers a pending prompt, in one transaction: settles it (the first answer wins), makes the rule the
 * user asked to remember, and on allow pins the tool definition the user saw. Used in the hub (UI) and
 * by `agent-hub consent answer` from another process; the hub notices the latter within its poll.
 */
export function answerPrompt(repo: ConsentRepo, id: number, effect: 'allow' | 'deny', remember: Remember, answeredBy: string): ConsentPromptView {
  return repo.transaction(() => {
    const prompt = repo.prompt(id);
    if (!prompt) throw new HubError(ErrorCodes.notFound, `There is no consent prompt ${id} (see: agent-hub consent pending).`);
    if (prompt.status !== 'pending' || !repo.settlePrompt(id, effect === 'allow' ? 'allowed' : 'denied', remember, answeredBy)) {
      throw new HubError(ErrorCodes.conflict, `Consent prompt ${id} is no longer pending (${prompt.status}); nothing was changed.`);
    }
    if (remember !== 'once') {
      repo.addRule({
        client: prompt.client,
        server: prompt.server,
        tool: prompt.tool,
        effect,
        scope: remember,
        ...(remember === 'session' ? { sessionId: prompt.sessionId } : {}),
        createdBy: `prompt ${id}`,
      });
    }
    if (effect === 'allow') repo.setPin(prompt.server, prompt.tool, prompt.details.definitionHash, prompt.details.definition);
    return repo.prompt(id)!;
  });
}
