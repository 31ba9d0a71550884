import type { ConsentPromptView, Remember } from '../../../shared/consent.js';
import { escapeTerminal, revealHidden } from '../../../shared/visible-text.js';
import type { ConsentElicitation, ElicitationAnswer } from './consent-gate.js';

/**
 * Consent asked inside the client app: a form-mode elicitation (MCP 2025-06-18 and later) on the
 * session whose call waits. It names the client, the server and the tool, shows the arguments and why
 * it asks, and offers the dialog's choices. Hidden characters are shown as code points, as in the UI.
 */

const CHOICES: { value: string; title: string; effect: 'allow' | 'deny'; remember: Remember }[] = [
  { value: 'allow-once', title: 'Allow once', effect: 'allow', remember: 'once' },
  { value: 'allow-session', title: 'Allow for this session', effect: 'allow', remember: 'session' },
  { value: 'allow-always', title: 'Always allow', effect: 'allow', remember: 'always' },
  { value: 'deny', title: 'Deny', effect: 'deny', remember: 'once' },
];

/** Arguments longer than this are cut in the message (the hub's own dialog shows them whole). */
const MAX_ARGUMENTS_TEXT = 4000;

export function consentElicitation(prompt: ConsentPromptView): ConsentElicitation {
  const d = prompt.details;
  // The server's words on one line each (a newline in a description must not fake a line of ours);
  // the arguments as JSON, whose strings escape their own newlines.
  const one = (text: string) => escapeTerminal(text);
  const args = JSON.stringify(d.arguments ?? {}, null, 2);
  const lines = [
    `Agent Hub asks: allow ${prompt.client} to call "${one(prompt.tool)}" on server "${prompt.server}"?`,
    prompt.reason === 'changed' ? 'Asked because this tool changed since you approved it.' : 'Asked because no rule answers this call.',
    ...(d.hiddenCharacters.length ? [`Warning: the tool's ${d.hiddenCharacters.map(one).join(', ')} contain hidden characters (shown as ⟨U+…⟩).`] : []),
    ...(d.title ? [`Title: ${one(d.title)}`] : []),
    ...(d.description ? [`Description (the server's words, not verified): ${one(d.description)}`] : []),
    `Arguments: ${args.length > MAX_ARGUMENTS_TEXT ? `${args.slice(0, MAX_ARGUMENTS_TEXT)}… (cut here; ${args.length} characters in all)` : args}`,
  ];
  return {
    message: revealHidden(lines.join('\n')),
    requestedSchema: {
      type: 'object',
      properties: {
        // enum + enumNames: the form every client since 2025-06-18 understands (2025-11-25 also has oneOf).
        decision: { type: 'string', title: 'Your answer', enum: CHOICES.map((c) => c.value), enumNames: CHOICES.map((c) => c.title) },
      },
      required: ['decision'],
    },
  };
}

/** The user's answer in the client: a decision, or 'dismissed' (cancel, or accept without a choice). */
export function parseConsentAnswer(answer: ElicitationAnswer): { effect: 'allow' | 'deny'; remember: Remember } | 'dismissed' {
  if (answer.action === 'decline') return { effect: 'deny', remember: 'once' };
  if (answer.action !== 'accept') return 'dismissed';
  const choice = CHOICES.find((c) => c.value === answer.content?.decision);
  return choice ? { effect: choice.effect, remember: choice.remember } : 'dismissed';
}
