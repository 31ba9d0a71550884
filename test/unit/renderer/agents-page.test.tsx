// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentView } from '../../../shared/a2a.js';
import type { AgentConfigInput } from '../../../shared/config.js';
import type { HubEvent } from '../../../shared/hub-events.js';
import { AgentDetail } from '../../../renderer/src/AgentDetail.js';
import { AgentsPage } from '../../../renderer/src/AgentsPage.js';
import { App } from '../../../renderer/src/App.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

const card = (over: Partial<NonNullable<AgentView['card']>> = {}): NonNullable<AgentView['card']> => ({
  name: 'Echo',
  description: 'Says what you said.',
  version: '1.2.0',
  protocolVersion: '1.0',
  streaming: true,
  skills: [{ id: 'echo', name: 'Echo', description: 'Repeats the text' }],
  securitySchemes: [],
  signature: { signed: false, valid: false, reason: 'The card carries no signatures.' },
  approvedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const agent = (name: string, over: Partial<AgentView> = {}): AgentView => ({
  name,
  url: `https://${name}.example.com`,
  enabled: true,
  state: 'running',
  lastError: null,
  credential: false,
  card: card(),
  ...over,
});

const item = (name: string) => screen.getByRole('listitem', { name: `Agent ${name}` });

describe('Agents page', () => {
  it('is in the navigation after Servers', async () => {
    render(<App api={fakeHubApi({ listAgents: async () => [agent('echo')] })} />);
    const nav = within(screen.getByRole('navigation', { name: 'Pages' })).getAllByRole('link');
    expect(nav.slice(0, 3).map((l) => l.textContent)).toEqual(['Servers', 'Agents', 'Clients']);
    expect(nav[1]!.getAttribute('href')).toBe('#/agents');
    await act(async () => void (window.location.hash = '#/agents'));
    expect(await screen.findByRole('heading', { name: 'echo' })).toBeTruthy();
    expect(nav[1]!.getAttribute('aria-current')).toBe('page');
  });

  it('shows each card with its skills, protocol, streaming and a signature badge', async () => {
    const agents = [
      agent('good', { card: card({ name: 'Good Agent', signature: { signed: true, valid: true, keyId: 'key-1' } }) }),
      agent('bad', { card: card({ streaming: false, signature: { signed: true, valid: false, reason: 'The signature does not match the card.' } }) }),
      agent('plain', { command: 'node agent.mjs --port 9000', url: 'http://127.0.0.1:9000' }),
    ];
    renderWithHub(<AgentsPage />, fakeHubApi({ listAgents: async () => agents }));
    await screen.findByRole('heading', { name: 'good' });

    const good = item('good');
    expect(within(good).getByText('Card signed · valid')).toBeTruthy();
    expect(within(good).getByText('Good Agent')).toBeTruthy();
    expect(good.textContent).toContain('1.2.0');
    expect(good.textContent).toContain('Says what you said.');
    expect(good.textContent).toContain('protocol 1.0 · streaming yes');
    expect(good.textContent).toContain('Echo: Repeats the text');
    expect(good.textContent).toContain('https://good.example.com');

    const bad = within(item('bad')).getByText('Card signed · INVALID');
    expect(bad.getAttribute('title')).toBe('The signature does not match the card.');
    expect(item('bad').textContent).toContain('streaming no');

    const plain = within(item('plain')).getByText('Card not signed');
    expect(plain.getAttribute('title')).toBe('The card carries no signatures.');
    expect(item('plain').textContent).toContain('node agent.mjs --port 9000');
    // No security schemes: no credential control.
    expect(screen.queryByLabelText('API key or token')).toBeNull();
  });

  it('says who signed a card, calls a key the card carries itself self-asserted, and shows the old and new signer of a change', async () => {
    const jku = (url: string, keyId: string, selfAsserted: boolean) => ({ keyId, source: 'jku' as const, jku: url, thumbprint: `t-${keyId}`, selfAsserted });
    const own = { signed: true, valid: true, keyId: 'k1', signer: jku('https://own.example.com/jwks.json', 'k1', true) };
    const agents = [
      agent('independent', { card: card({ signature: { signed: true, valid: true, keyId: 'k1', signer: jku('https://keys.example/jwks.json', 'k1', false) } }) }),
      agent('own', { card: card({ signature: own }) }),
      agent('embedded', { card: card({ signature: { signed: true, valid: true, keyId: 'k9', signer: { keyId: 'k9', source: 'jwk', thumbprint: 't', selfAsserted: true } } }) }),
      agent('rekeyed', {
        card: card({ signature: own }),
        changes: ['signer changed from key "k1" at https://own.example.com/jwks.json (self-asserted) to key "k2" at https://keys.example/jwks.json'],
        pendingSignature: { signed: true, valid: true, keyId: 'k2', signer: jku('https://keys.example/jwks.json', 'k2', false) },
      }),
    ];
    const api = fakeHubApi({ listAgents: async () => agents });
    renderWithHub(<AgentsPage />, api);
    await screen.findByRole('heading', { name: 'independent' });

    expect(within(item('independent')).getByText('Card signed · valid')).toBeTruthy();
    for (const name of ['own', 'embedded']) {
      const badge = within(item(name)).getByText('Card signed · self-asserted key');
      // The grey of an unsigned card: a self-asserted key vouches for no one.
      expect(badge.className).toContain('badge-neutral signature unsigned self-asserted');
      expect(within(item(name)).queryByText('Card signed · valid')).toBeNull();
    }
    expect(within(item('own')).getByText('Card signed · self-asserted key').getAttribute('title')).toBe(
      'Signed with key "k1" at https://own.example.com/jwks.json (self-asserted): its key set is on the card\'s own host: the signature shows the card is intact, not who wrote it',
    );

    const notice = within(item('rekeyed')).getByRole('region', { name: 'Card change of rekeyed' });
    expect(notice.textContent).toContain('Signed by: key "k1" at https://own.example.com/jwks.json (self-asserted) (approved) → key "k2" at https://keys.example/jwks.json (new)');
    // A change that leaves the signer alone does not mention it.
    expect(within(item('own')).queryByText(/approved\) →/)).toBeNull();
    cleanup();

    // Each agent's page says who signed its card, and whether anyone but the card vouches for the key.
    renderWithHub(<AgentDetail name="independent" />, api);
    const about = await screen.findByRole('complementary', { name: 'About independent' });
    expect(about.textContent).toContain('Signed bykey "k1" at https://keys.example/jwks.jsonits key set is on another host than the card');
    cleanup();
    renderWithHub(<AgentDetail name="embedded" />, api);
    expect((await screen.findByRole('complementary', { name: 'About embedded' })).textContent).toContain(
      'key "k9" embedded in the card (self-asserted)the card carries its own key',
    );
  });

  it('says what to do when there are no agents, and shows a starting agent with a spinner', async () => {
    let agents: AgentView[] = [];
    const listeners = new Set<(e: HubEvent) => void>();
    const events = { subscribe: (l: (e: HubEvent) => void) => (listeners.add(l), () => listeners.delete(l)) };
    renderWithHub(<AgentsPage />, fakeHubApi({ listAgents: async () => agents }), events);
    expect((await screen.findByText(/No agents yet/)).textContent).toMatch(/Add one by URL/);
    agents = [agent('local', { state: 'starting', card: undefined, command: 'node a.mjs' })];
    await act(async () => listeners.forEach((l) => l({ type: 'servers-changed' })));
    const local = await screen.findByRole('listitem', { name: 'Agent local' });
    expect(within(local).getByText('starting…').getAttribute('aria-busy')).toBe('true');
    expect(local.querySelector('.spinner')).toBeTruthy();
    expect(within(local).getByText('Card not checked yet')).toBeTruthy();
  });

  it('shows a changed card prominently, and accepting it calls acceptAgentCard', async () => {
    const accepted: string[] = [];
    let agents = [agent('echo', { changes: ['skill "translate" added', 'security scheme "apiKey" added'] })];
    renderWithHub(<AgentsPage />, fakeHubApi({
          listAgents: async () => agents,
          acceptAgentCard: async (name) => {
            accepted.push(name);
            const changes = agents[0]!.changes!;
            agents = [agent('echo')];
            return { changes };
          },
        }));
    const notice = await screen.findByRole('region', { name: 'Card change of echo' });
    expect(notice.textContent).toContain("This agent's card changed:");
    expect(within(notice).getAllByRole('listitem').map((l) => l.textContent)).toEqual(['skill "translate" added', 'security scheme "apiKey" added']);
    expect(notice.textContent).toMatch(/Calls to echo wait until you accept/);
    fireEvent.click(within(notice).getByRole('button', { name: 'Accept new card of echo' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Card change of echo' })).toBeNull());
    expect(accepted).toEqual(['echo']);
  });

  it('switches, restarts and (after a confirm) removes an agent', async () => {
    const calls: string[] = [];
    renderWithHub(<AgentsPage />, fakeHubApi({
          listAgents: async () => [agent('echo')],
          setAgentEnabled: async (name, on) => void calls.push(`enabled ${name} ${on}`),
          restartAgent: async (name) => void calls.push(`restart ${name}`),
          removeAgent: async (name) => void calls.push(`remove ${name}`),
        }));
    const toggle = await screen.findByRole('switch', { name: 'echo enabled' });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    fireEvent.click(toggle);
    expect((toggle as HTMLInputElement).checked).toBe(false); // at once
    await waitFor(() => expect(calls).toEqual(['enabled echo false']));
    // The hub's list (still enabled in this fake) is what the switch shows once reloaded.
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Restart echo' }));
    await waitFor(() => expect(calls).toContain('restart echo'));
    fireEvent.click(screen.getByRole('button', { name: 'Remove echo' }));
    expect(calls).not.toContain('remove echo');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    await waitFor(() => expect(calls).toContain('remove echo'));
  });

  it('adds an agent by URL, busy while the hub checks the card, and shows the hub\'s error sentence', async () => {
    const added: AgentConfigInput[] = [];
    let release: (() => void) | undefined;
    let fail = true;
    renderWithHub(<AgentsPage />, fakeHubApi({
          listAgents: async () => [agent('echo')],
          addAgent: (input) =>
            new Promise((resolve, reject) => {
              added.push(input as AgentConfigInput);
              release = () => (fail ? reject(new Error('The agent card at https://nope.example.com could not be fetched: connection refused.')) : resolve(agent('nope')));
            }),
        }));
    fireEvent.click(await screen.findByRole('button', { name: 'Add agent' }));
    const form = screen.getByRole('form', { name: 'Add an agent' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'echo' } });
    expect(within(form).getByText('an agent with this name exists already')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'nope' } });
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'https://nope.example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add agent' }));
    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]).toEqual({ name: 'nope', url: 'https://nope.example.com' });
    expect(form.getAttribute('aria-busy')).toBe('true');
    expect(within(form).getByRole('status').textContent).toMatch(/checking the agent card/);
    await act(async () => release!());
    expect((await within(form).findByRole('alert')).textContent).toBe('The agent card at https://nope.example.com could not be fetched: connection refused.');
    expect(form.getAttribute('aria-busy')).toBe('false');

    // A local agent: command and its arguments on one line.
    fail = false;
    fireEvent.change(within(form).getByLabelText('Command'), { target: { value: 'node' } });
    fireEvent.change(within(form).getByLabelText('Arguments'), { target: { value: 'agent.mjs  --port 9000' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add agent' }));
    await waitFor(() => expect(added).toHaveLength(2));
    expect(added[1]).toEqual({ name: 'nope', url: 'https://nope.example.com', command: 'node', args: ['agent.mjs', '--port', '9000'] });
    await act(async () => release!());
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Add an agent' })).toBeNull());
  });

  it('does not send an add form without a valid URL', async () => {
    let calls = 0;
    renderWithHub(<AgentsPage />, fakeHubApi({ addAgent: async () => (calls++, agent('x')) }));
    fireEvent.click(await screen.findByRole('button', { name: 'Add agent' }));
    const form = screen.getByRole('form', { name: 'Add an agent' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'not a url' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add agent' }));
    expect(within(form).getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toBe(0);
  });

  it('stores a credential when the card names a security scheme, and never shows it', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const stored: [string, string][] = [];
    let agents = [agent('paid', { card: card({ securitySchemes: ['apiKey (apiKey)'] }) })];
    renderWithHub(<AgentDetail name="paid" />, fakeHubApi({
          listAgents: async () => agents,
          setAgentCredential: async (name, value) => {
            stored.push([name, value]);
            agents = [{ ...agents[0]!, credential: true }];
          },
        }));
    const form = await screen.findByRole('form', { name: 'Credential for paid' });
    expect(form.textContent).toContain('none stored');
    expect(screen.getByRole('complementary', { name: 'About paid' }).textContent).toContain('apiKey (apiKey)');
    const input = within(form).getByLabelText('API key or token') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: secret } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save the credential of paid' }));
    await waitFor(() => expect(within(form).getByRole('status').textContent).toMatch(/^stored/));
    expect(stored).toEqual([['paid', secret]]);
    expect(input.value).toBe('');
    expect(document.body.innerHTML).not.toContain(secret);
  });

  it('offers a sign-in (not a credential form) when the card asks for OAuth, follows it, cancels it, and signs out', async () => {
    const opened: string[] = [];
    const original = window.open;
    window.open = ((url: string) => (opened.push(url), null)) as typeof window.open;
    const calls: string[] = [];
    const oidc = card({ securitySchemes: ['oidc (openIdConnect)'] });
    let agents = [
      agent('planner', { card: oidc, signIn: 'needed', signInError: 'Sign-in to "planner" failed: access_denied' }),
      agent('mail', { card: oidc, signIn: 'signed-in' }),
    ];
    const set = (name: string, over: Partial<AgentView>) => (agents = agents.map((a) => (a.name === name ? { ...a, ...over } : a)));
    try {
      renderWithHub(<AgentsPage />, fakeHubApi({
            listAgents: async () => agents,
            signIn: async (name) => {
              calls.push(`in ${name}`);
              set(name, { signIn: 'in-progress', signInError: undefined });
              return { authorizationUrl: 'https://id.example/authorize?client_id=x' };
            },
            cancelSignIn: async (name) => {
              calls.push(`cancel ${name}`);
              set(name, { signIn: 'needed' });
            },
            signOut: async (name) => {
              calls.push(`out ${name}`);
              set(name, { signIn: 'needed' });
              return { revoked: true };
            },
          }));
      const button = await screen.findByRole('button', { name: 'Sign in to planner' });
      expect(screen.queryByRole('form', { name: 'Credential for planner' })).toBeNull();
      expect(within(item('planner')).getByRole('alert').textContent).toBe('Sign-in to "planner" failed: access_denied');
      expect(within(item('mail')).getByText('signed in')).toBeTruthy();
      fireEvent.click(button);
      expect(await within(item('planner')).findByText(/Waiting for the browser/)).toBeTruthy();
      expect(opened).toEqual(['https://id.example/authorize?client_id=x']);
      fireEvent.click(within(item('planner')).getByRole('button', { name: 'Cancel the sign-in to planner' }));
      await screen.findByRole('button', { name: 'Sign in to planner' });
      fireEvent.click(screen.getByRole('button', { name: 'Sign out of mail' }));
      await screen.findByRole('button', { name: 'Sign in to mail' });
      expect(calls).toEqual(['in planner', 'cancel planner', 'out mail']);
    } finally {
      window.open = original;
    }
  });
});
