import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';

const compat = { legacyCompat: { enabled: true } };

/**
 * @a2a-js/sdk's client for a card (the raw document as fetched): JSON-RPC or HTTP+JSON, whichever the
 * card lists first, v0.3 agents through the SDK's compat layer, every request through `fetchImpl`
 * (which adds the hub's credential for the agent).
 */
export async function createSdkClient(rawCard: unknown, fetchImpl: typeof fetch): Promise<Client> {
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl, ...compat }), new RestTransportFactory({ fetchImpl, ...compat })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl, ...compat }),
    }),
  );
  return factory.createFromAgentCard(rawCard as never);
}
