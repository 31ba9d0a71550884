import type { AgentCardView } from './agent-card.js';

/** The security scheme every published card names: a client token of this hub, as a bearer token. */
export const HUB_SCHEME = 'agent-hub';

/**
 * The card the hub publishes for an agent at its A2A front door: the card the user approved (never the
 * live one, so a changed card reaches nobody before it is accepted), as A2A v1.0 JSON whatever version
 * the agent speaks, with one interface, the hub's JSON-RPC binding, and one scheme, the hub's client
 * token. The agent's own interfaces, credentials and signatures stay out: callers talk to the hub, and
 * a signature would not cover the rewritten card. Extensions stay out too, since the front door does
 * not pass extension headers on; push notifications are not offered (the hub does not hold callers' URLs).
 */
export function publishedCard(card: AgentCardView, url: string): Record<string, unknown> {
  return {
    name: card.name,
    description: card.description,
    version: card.version,
    ...(card.provider ? { provider: card.provider } : {}),
    ...(card.documentationUrl ? { documentationUrl: card.documentationUrl } : {}),
    ...(card.iconUrl ? { iconUrl: card.iconUrl } : {}),
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: { streaming: card.capabilities.streaming, pushNotifications: false, extendedAgentCard: false },
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      tags: s.tags,
      ...(s.examples.length ? { examples: s.examples } : {}),
      ...(s.inputModes ? { inputModes: s.inputModes } : {}),
      ...(s.outputModes ? { outputModes: s.outputModes } : {}),
    })),
    securitySchemes: {
      [HUB_SCHEME]: {
        httpAuthSecurityScheme: {
          scheme: 'Bearer',
          description: 'A client token of this Agent Hub (agent-hub client add NAME prints one).',
        },
      },
    },
    securityRequirements: [{ schemes: { [HUB_SCHEME]: { list: [] } } }],
  };
}
