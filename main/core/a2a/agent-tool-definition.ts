import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AgentCardView } from './agent-card.js';

/** The `send_message` tool of an agent, as its card describes it. */
export function sendTool(card: AgentCardView): Tool {
  const skills = card.skills.map((s) => `${s.name}: ${s.description}`).join('; ');
  return {
    name: 'send_message',
    title: `Ask ${card.name}`,
    description:
      `Delegate work to the A2A agent "${card.name}": ${card.description}${skills ? ` Skills: ${skills}.` : ''} ` +
      'Returns the task state, the agent\'s messages and its artifacts. When the agent asks for input, answer with another call that passes the taskId (and contextId) it returned.',
    inputSchema: {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'The message to the agent.' },
        data: { type: 'object', description: 'Structured data to send along (an A2A data part).' },
        files: {
          type: 'array',
          description: 'Files to send: each by url, or its bytes in base64.',
          items: {
            type: 'object',
            properties: { url: { type: 'string' }, bytes: { type: 'string', description: 'base64' }, name: { type: 'string' }, mimeType: { type: 'string' } },
            additionalProperties: false,
          },
        },
        contextId: { type: 'string', description: 'Continue this conversation (from an earlier result).' },
        taskId: { type: 'string', description: 'Continue this task, e.g. to answer a question the agent asked.' },
      },
      required: ['text'],
      additionalProperties: false,
    },
    annotations: { openWorldHint: true },
  };
}
