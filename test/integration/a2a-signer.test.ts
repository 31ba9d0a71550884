import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, FlattenedSign, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AgentView } from '../../shared/a2a.js';
import { CARD_PATH, signingPayload, startA2AAgent, stopA2AAgents, type V1Agent, type WireAgentCard } from '../helpers/a2a-agents.js';
import { runCli, runCliAsync, tempDataDir, type CliResult } from '../helpers/cli.js';
import { eventually, freePort, startHub, stopAllHubs } from '../helpers/hub.js';

// Who signed an agent card, with real @a2a-js/sdk agents and the real CLI and hub: a key the card
// carries itself is called self-asserted; a change of signer holds calls back until `agent accept`; a
// card re-signed by the same key does not.

afterEach(stopAllHubs);
afterAll(async () => {
  await stopA2AAgents();
  await Promise.allSettled(fronts.splice(0).map((f) => f.close()));
});

/** The command succeeded; if not, its error line says why (a dist/ rebuilt meanwhile, say). */
const succeeds = (r: CliResult) => expect(r.code, r.stderr).toBe(0);
const show = (dataDir: string, name: string) => runCli(['agent', 'show', name], { dataDir });
const showJson = (dataDir: string, name: string) => JSON.parse(runCli(['agent', 'show', name, '--json'], { dataDir }).stdout) as AgentView;
const text = (r: unknown) => (r as { content: { text: string }[] }).content[0]!.text;
const state = (r: unknown) => (r as { structuredContent?: { state?: string } }).structuredContent?.state;
const kidOf = (agent: V1Agent) => agent.jwks!.keys[0]!.kid as string;

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
  thumbprint: string;
}

async function newKey(kid: string): Promise<Key> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateKey: pair.privateKey, jwk, thumbprint: await calculateJwkThumbprint(jwk) };
}

/**
 * A card host in front of a real agent: it serves the agent's card (its interfaces still lead to the
 * agent) signed by keys this test holds, as a signer with its own key server would. The key set is
 * at http://localhost:PORT (another host name than the card's 127.0.0.1); or the key is embedded.
 */
interface CardFront {
  url: string;
  keysUrl: string;
  serve(card: WireAgentCard, key: Key, where: 'key server' | 'embedded'): Promise<void>;
  close(): Promise<void>;
}
const fronts: CardFront[] = [];

async function startFront(keys: Key[]): Promise<CardFront> {
  let body = '{}';
  const listen = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, port: (server.address() as AddressInfo).port };
  };
  const card = await listen((req, res) => {
    // max-age=0: the hub reads the card again before every call.
    if (req.url === CARD_PATH) res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=0' }).end(body);
    else res.writeHead(404).end();
  });
  const keyServer = await listen((_req, res) => void res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: keys.map((k) => k.jwk) })));
  const front: CardFront = {
    url: `http://127.0.0.1:${card.port}`,
    keysUrl: `http://localhost:${keyServer.port}/jwks.json`,
    async serve(served, key, where) {
      const { signatures: _old, ...unsigned } = served;
      const header = { alg: 'ES256', typ: 'JOSE', kid: key.jwk.kid!, ...(where === 'key server' ? { jku: front.keysUrl } : { jwk: { kty: key.jwk.kty!, crv: key.jwk.crv!, x: key.jwk.x!, y: key.jwk.y! } }) };
      const jws = await new FlattenedSign(new TextEncoder().encode(signingPayload(unsigned))).setProtectedHeader(header).sign(key.privateKey);
      body = JSON.stringify({ ...unsigned, signatures: [{ protected: jws.protected, signature: jws.signature }] });
    },
    close: async () => {
      for (const s of [card.server, keyServer.server]) s.closeAllConnections();
      await Promise.all([card.server, keyServer.server].map((s) => new Promise((r) => s.close(r))));
    },
  };
  fronts.push(front);
  return front;
}

describe('who signed a card', () => {
  it('calls a key set on the card\'s own host, or a key in the card, self-asserted, and a key from another host valid', async () => {
    const dataDir = tempDataDir();
    const signed = await startA2AAgent('signed');
    succeeds(await runCliAsync(['agent', 'add', 'own-host', '--url', signed.url], { dataDir }));
    const kid = kidOf(signed);
    expect(show(dataDir, 'own-host').stdout).toContain(
      [
        `  Signature:  signed, self-asserted key: key "${kid}" at ${signed.jwksUrl} (self-asserted)`,
        "              its key set is on the card's own host: the signature shows the card is intact, not who wrote it",
      ].join('\n'),
    );
    expect(showJson(dataDir, 'own-host').card!.signature).toEqual({
      signed: true,
      valid: true,
      keyId: kid,
      signer: { keyId: kid, source: 'jku', jku: signed.jwksUrl, thumbprint: await calculateJwkThumbprint(signed.jwks!.keys[0] as JWK), selfAsserted: true },
    });

    const agent = await startA2AAgent('echo');
    const k1 = await newKey('k1');
    const front = await startFront([k1]);
    await front.serve(agent.card, k1, 'embedded');
    succeeds(await runCliAsync(['agent', 'add', 'embedded', '--url', front.url], { dataDir }));
    expect(show(dataDir, 'embedded').stdout).toContain('  Signature:  signed, self-asserted key: key "k1" embedded in the card (self-asserted)\n              the card carries its own key:');

    await front.serve(agent.card, k1, 'key server');
    succeeds(await runCliAsync(['agent', 'add', 'independent', '--url', front.url], { dataDir }));
    expect(show(dataDir, 'independent').stdout).toContain(`  Signature:  signed, valid: key "k1" at ${front.keysUrl}\n              its key set is on another host than the card\n`);
    expect(showJson(dataDir, 'independent').card!.signature.signer).toEqual({ keyId: 'k1', source: 'jku', jku: front.keysUrl, thumbprint: k1.thumbprint, selfAsserted: false });

    succeeds(await runCliAsync(['agent', 'add', 'plain', '--url', agent.url], { dataDir }));
    expect(show(dataDir, 'plain').stdout).toContain('  Signature:  not signed\n');
    expect(show(dataDir, 'nobody').stderr.trim()).toMatch(/^agent-hub: .*"nobody"/);
  });
});

describe('a change of signer', () => {
  it('holds calls back until the user accepts it, and agent show names the old and the new signer', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    let agent = await startA2AAgent('signed', { port, cache: { maxAge: 0 } });
    const [oldKid, jwksUrl] = [kidOf(agent), agent.jwksUrl!];
    succeeds(await runCliAsync(['agent', 'add', 'rekeyed', '--url', agent.url], { dataDir }));
    succeeds(runCli(['consent', 'allow', '--server', 'rekeyed'], { dataDir }));
    const hub = await startHub({ dataDir });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'rekeyed__send_message'), 20_000, 'the agent tool');
    expect(state(await client.callTool({ name: 'rekeyed__send_message', arguments: { text: 'one' } }))).toBe('completed');

    // The same card, signed by a new key (the fixture makes one per start) at the same key set URL.
    await agent.close();
    agent = await startA2AAgent('signed', { port, cache: { maxAge: 0 } });
    const newKid = kidOf(agent);
    const change = `signer changed from key "${oldKid}" at ${jwksUrl} (self-asserted) to key "${newKid}" at ${jwksUrl} (self-asserted)`;
    const held = await client.callTool({ name: 'rekeyed__send_message', arguments: { text: 'two' } });
    expect([held.isError, text(held)]).toEqual([
      true,
      `Agent "rekeyed" changed its card (${change}); the user must review and accept it first (Agents page, or "agent-hub agent accept rekeyed").`,
    ]);
    expect(agent.messages).toEqual([]);

    const shown = show(dataDir, 'rekeyed').stdout;
    expect(shown).toContain(`  Signature:  signed, self-asserted key: key "${oldKid}" at ${jwksUrl} (self-asserted)\n`);
    expect(shown).toContain(`A changed card waits for you (calls wait until you accept it):\n  - ${change}\n  New signature: signed, self-asserted key: key "${newKid}" at ${jwksUrl} (self-asserted)\n`);
    expect(shown).toContain('Accept with: agent-hub agent accept rekeyed');
    expect(showJson(dataDir, 'rekeyed')).toMatchObject({ changes: [change], card: { signature: { keyId: oldKid } }, pendingSignature: { keyId: newKid, signer: { keyId: newKid } } });

    expect(runCli(['agent', 'accept', 'rekeyed'], { dataDir }).stdout.trim()).toBe(`Accepted the new card of agent "rekeyed" (${change}).`);
    expect(showJson(dataDir, 'rekeyed')).toMatchObject({ card: { signature: { signer: { keyId: newKid } } } });
    expect(showJson(dataDir, 'rekeyed').changes).toBeUndefined();
    expect(state(await client.callTool({ name: 'rekeyed__send_message', arguments: { text: 'three' } }))).toBe('completed');
    expect(agent.messages.map((m) => m.text)).toEqual(['three']);
  });

  it('does not hold calls back for a card re-signed by the same key, and does for another key under the same URL', async () => {
    const dataDir = tempDataDir();
    const agent = await startA2AAgent('echo');
    const [k1, k2] = [await newKey('k1'), await newKey('k2')];
    const front = await startFront([k1, k2]);
    await front.serve(agent.card, k1, 'key server');
    succeeds(await runCliAsync(['agent', 'add', 'steady', '--url', front.url], { dataDir }));
    succeeds(runCli(['consent', 'allow', '--server', 'steady'], { dataDir }));
    const hub = await startHub({ dataDir });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'steady__send_message'), 20_000, 'the agent tool');
    expect(state(await client.callTool({ name: 'steady__send_message', arguments: { text: 'one' } }))).toBe('completed');

    // A reworded description (not something consent rests on), signed again by the same key: calls go on.
    await front.serve({ ...agent.card, description: 'Reworded, and signed again.' }, k1, 'key server');
    expect(state(await client.callTool({ name: 'steady__send_message', arguments: { text: 'two' } }))).toBe('completed');
    const seen = showJson(dataDir, 'steady');
    expect([seen.card?.description, seen.changes]).toEqual(['Reworded, and signed again.', undefined]);
    expect(seen.card!.signature.signer).toEqual({ keyId: 'k1', source: 'jku', jku: front.keysUrl, thumbprint: k1.thumbprint, selfAsserted: false });

    // The same key set, another key: held back until accepted.
    await front.serve(agent.card, k2, 'key server');
    const held = await client.callTool({ name: 'steady__send_message', arguments: { text: 'three' } });
    const change = `signer changed from key "k1" at ${front.keysUrl} to key "k2" at ${front.keysUrl}`;
    expect([held.isError, text(held)]).toEqual([true, expect.stringContaining(`changed its card (${change});`)]);
    succeeds(runCli(['agent', 'accept', 'steady'], { dataDir }));
    expect(state(await client.callTool({ name: 'steady__send_message', arguments: { text: 'four' } }))).toBe('completed');
    expect(agent.messages.map((m) => m.text)).toEqual(['one', 'two', 'four']);
  });
});
