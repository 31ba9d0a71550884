import type { ConsentPromptView } from '../../../shared/consent.js';

/** A pending prompt as the hub lists it, with a long argument (folded in the dialog). */
export const prompt = (over: Partial<ConsentPromptView> = {}): ConsentPromptView => ({
  id: 7,
  callId: 1,
  client: 'claude',
  sessionId: 's',
  server: 'fs',
  tool: 'write_file',
  reason: 'no-rule',
  status: 'pending',
  remember: null,
  answeredBy: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  answeredAt: null,
  askIn: 'hub',
  expiresAt: '2026-11-22T10:02:00.000Z',
  details: {
    title: 'Write file',
    description: 'Writes a file.',
    annotations: { readOnlyHint: true },
    arguments: { path: '/tmp/x', content: 'y'.repeat(500) },
    hiddenCharacters: [],
    definition: { name: 'write_file', inputSchema: {} },
    definitionHash: 'h',
  },
  ...over,
});
