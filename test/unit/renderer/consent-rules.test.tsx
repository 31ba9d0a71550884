// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsentRuleInput, ConsentRuleView } from '../../../shared/consent.js';
import type { ServerConfig } from '../../../shared/config.js';
import { ConsentPage, madeBy } from '../../../renderer/src/ConsentPage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';

afterEach(cleanup);

/** The Consent page's rules: made from the page as the CLI makes them, filtered, deny set apart, made-by in words. */
const rule = (id: number, over: Partial<ConsentRuleView> = {}): ConsentRuleView => ({
  id,
  client: '*',
  server: 'git',
  tool: '*',
  effect: 'allow',
  scope: 'always',
  sessionId: null,
  createdBy: 'cli',
  createdAt: '2026-12-03T14:02:00.000Z',
  ...over,
});
const git: ServerConfig = { name: 'git', transport: 'stdio', command: 'git-mcp', args: [], env: {}, secretEnv: [], enabled: true, tools: { deny: [] }, prefixTools: true };

function hub(rules: ConsentRuleView[]) {
  const addConsentRule = vi.fn(async (input: ConsentRuleInput) => {
    if (input.server === 'later' && !input.force) throw new Error('There is no server or agent named "later" (see: agent-hub server list), so the rule would apply to whatever is added under that name later; nothing was changed (add --force to make the rule anyway).');
    const made = rule(rules.length + 1, { client: input.client, server: input.server, tool: input.tool, effect: input.effect, createdBy: 'ui' });
    rules.push(made);
    return { rule: made, warnings: input.force ? ['There is no server or agent named "later"'] : [] };
  });
  const api = fakeHubApi({
    listConsentRules: async () => rules.map((r) => ({ ...r })),
    addConsentRule,
    listServers: async () => [git],
    listServerTools: async () => [{ name: 'push', description: 'Pushes.', enabled: true }],
    listClients: async () => [{ name: 'claude', createdAt: '2026-12-01T00:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE }],
  });
  return { api, addConsentRule };
}

describe('consent rules', () => {
  it('says who made each rule in words', () => {
    const at = '2026-12-03T14:02:00.000Z';
    expect(madeBy({ createdBy: 'prompt 12', createdAt: at })).toMatch(/^your answer to a prompt on (.*Dec.*3|.*3.*Dec)/);
    expect(madeBy({ createdBy: 'cli', createdAt: at })).toMatch(/^the CLI, on /);
    expect(madeBy({ createdBy: 'ui', createdAt: at })).toMatch(/^the Consent page, on /);
    expect(madeBy({ createdBy: 'ui', createdAt: 'not a date' })).toBe('the Consent page');
  });

  it('sets deny rules apart by word and shape, and filters by text and effect', async () => {
    const { api } = hub([rule(1, { tool: 'status' }), rule(2, { effect: 'deny', tool: 'push', client: 'claude', createdBy: 'prompt 4' }), rule(3, { server: 'fs' })]);
    renderWithHub(<ConsentPage />, api);
    const table = await screen.findByRole('table', { name: 'Consent rules' });
    const deny = within(table).getByRole('row', { name: /push/ });
    expect(deny.className).toBe('rule-deny');
    expect(within(deny).getByText('Deny').className).toContain('badge-danger');
    expect(deny.textContent).toMatch(/your answer to a prompt on/);
    expect(within(table).getByRole('row', { name: /status/ }).className).toBe('rule-allow');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter rules' }), { target: { value: 'git' } });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByText('2 of 3 rules')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Show rules that' }), { target: { value: 'deny' } });
    expect(within(screen.getByRole('table', { name: 'Consent rules' })).getAllByRole('row')).toHaveLength(2);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter rules' }), { target: { value: 'nothing' } });
    expect(screen.getByText('No rule matches the filter.')).toBeTruthy();
  });

  it('adds a rule from the page: checked as typed, refused for a name that does not exist unless made anyway', async () => {
    const { api, addConsentRule } = hub([]);
    renderWithHub(<ConsentPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Add rule' }));
    const form = screen.getByRole('form', { name: 'Add a consent rule' });
    // The first choice has the focus.
    expect(document.activeElement).toBe(within(form).getByRole('radio', { name: 'Allow' }));
    fireEvent.change(within(form).getByLabelText('Client'), { target: { value: 'Bad Client' } });
    expect(within(form).getByText('must be a client name or "*"')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Client'), { target: { value: 'claude' } });
    fireEvent.change(within(form).getByLabelText('Tool'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add allow rule' }));
    expect(addConsentRule).not.toHaveBeenCalled();
    expect(within(form).getByText(/must not be empty/)).toBeTruthy();

    fireEvent.click(within(form).getByRole('radio', { name: 'Deny' }));
    fireEvent.change(within(form).getByLabelText('Server or agent'), { target: { value: 'later' } });
    fireEvent.change(within(form).getByLabelText('Tool'), { target: { value: '*' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add deny rule' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/no server or agent named "later".*add --force/);
    fireEvent.click(within(form).getByRole('button', { name: 'Make it anyway' }));
    await waitFor(() => expect(addConsentRule).toHaveBeenLastCalledWith({ client: 'claude', server: 'later', tool: '*', effect: 'deny', force: true }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^Rule 1: deny every tool of later for claude\. Made anyway:/);
    const table = await screen.findByRole('table', { name: 'Consent rules' });
    expect(within(table).getByRole('row', { name: /later/ }).textContent).toMatch(/the Consent page/);
    // The form is gone; the focus is back on its button.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add rule' }));
  });

  it('offers the names the hub has, and Escape leaves the form', async () => {
    const { api, addConsentRule } = hub([]);
    renderWithHub(<ConsentPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Add rule' }));
    const form = screen.getByRole('form', { name: 'Add a consent rule' });
    fireEvent.change(within(form).getByLabelText('Server or agent'), { target: { value: 'git' } });
    await waitFor(() => expect([...form.querySelectorAll('#rule-tool-names option')].map((o) => o.getAttribute('value'))).toEqual(['*', 'push']));
    expect([...form.querySelectorAll('#rule-client-names option')].map((o) => o.getAttribute('value'))).toEqual(['*', 'claude']);
    fireEvent.keyDown(within(form).getByLabelText('Tool'), { key: 'Escape' });
    expect(screen.queryByRole('form', { name: 'Add a consent rule' })).toBeNull();
    expect(addConsentRule).not.toHaveBeenCalled();
  });
});
