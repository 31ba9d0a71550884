// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangedToolView, ConsentPromptView, ConsentRuleView } from '../../../shared/consent.js';
import type { HubApi } from '../../../shared/hub-api.js';
import type { HubEvent } from '../../../shared/hub-events.js';
import { ConsentDialog } from '../../../renderer/src/ConsentDialog.js';
import { ConsentPage } from '../../../renderer/src/ConsentPage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';

afterEach(cleanup);

const prompt = (over: Partial<ConsentPromptView> = {}): ConsentPromptView => ({
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

/** A HubApi test double holding prompts and rules in memory, recording answers. */
function fakeApi(prompts: ConsentPromptView[], rules: ConsentRuleView[] = [], changed: ChangedToolView[] = []) {
  const answers: [number, string, string][] = [];
  const api: HubApi = fakeHubApi({
    listPendingPrompts: async () => prompts,
    answerPrompt: async (id, effect, remember) => {
      answers.push([id, effect, remember]);
      prompts.splice(0, prompts.length, ...prompts.filter((p) => p.id !== id));
      return { ...prompt({ id }), status: effect === 'allow' ? 'allowed' : 'denied' };
    },
    listConsentRules: async () => rules,
    revokeConsentRule: async (id) => {
      rules.splice(0, rules.length, ...rules.filter((r) => r.id !== id));
    },
    listChangedTools: async () => changed,
  });
  return { api, answers };
}

function fakeEvents() {
  const listeners = new Set<(e: HubEvent) => void>();
  return { events: { subscribe: (l: (e: HubEvent) => void) => (listeners.add(l), () => listeners.delete(l)) }, emit: (e: HubEvent) => listeners.forEach((l) => l(e)) };
}

describe('consent dialog', () => {
  it('shows who calls what, the server’s claims as claims, folded long arguments, and answers by keyboard', async () => {
    const { api, answers } = fakeApi([prompt()]);
    render(<ConsentDialog api={api} events={fakeEvents().events} />);
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('claude wants to call write_file on fs');
    expect(dialog.textContent).toContain('The server claims: readOnlyHint: true (not verified).');
    expect(dialog.textContent).toContain('Asked because no rule answers this call.');
    expect(dialog.querySelector('details summary')!.textContent).toMatch(/\(500 characters\)$/);

    // The key handler is attached once the dialog has rendered; press until it is heard (once).
    await waitFor(() => {
      if (answers.length === 0) fireEvent.keyDown(window, { key: 's' });
      expect(answers).toEqual([[7, 'allow', 'session']]);
    });
    // The dialog closes once the answer is acknowledged and the prompts are listed again.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('denies on Escape, and each button gives its own answer', async () => {
    const { api, answers } = fakeApi([prompt({ id: 1 }), prompt({ id: 2 })]);
    render(<ConsentDialog api={api} events={fakeEvents().events} />);
    expect((await screen.findByRole('dialog')).textContent).toContain('1 more waiting after this one.');
    await waitFor(() => {
      if (answers.length === 0) fireEvent.keyDown(window, { key: 'Escape' });
      expect(answers).toHaveLength(1);
    });
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: /Always allow/ }));
    });
    expect(answers).toEqual([
      [1, 'deny', 'once'],
      [2, 'allow', 'always'],
    ]);
  });

  it('warns about hidden characters and shows what changed', async () => {
    const { api } = fakeApi([prompt({ reason: 'changed', details: { ...prompt().details, hiddenCharacters: ['description'], diff: '- "description": "a"\n+ "description": "b"' } })]);
    render(<ConsentDialog api={api} events={undefined} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/description contain invisible or direction-changing characters/);
    expect(screen.getByText('+ "description": "b"').className).toBe('added');
    expect(screen.getByRole('dialog').textContent).toContain('Asked because this tool changed since you approved it.');
  });

  it('appears when the hub says a prompt opened, without polling', async () => {
    const prompts: ConsentPromptView[] = [];
    const { api } = fakeApi(prompts);
    const spy = vi.spyOn(api, 'listPendingPrompts');
    const { events, emit } = fakeEvents();
    render(<ConsentDialog api={api} events={events} />);
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    prompts.push(prompt());
    await act(async () => emit({ type: 'prompts-changed' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('consent page', () => {
  it('lists rules and revokes one, and shows changed tools with their diff', async () => {
    const rules: ConsentRuleView[] = [
      { id: 3, client: '*', server: 'git', tool: 'status', effect: 'allow', scope: 'always', sessionId: null, createdBy: 'cli', createdAt: 'now' },
    ];
    const changed: ChangedToolView[] = [{ server: 'fs', tool: 'read', approvedAt: '2026-11-20T00:00:00Z', changedAt: '2026-11-21T00:00:00Z', diff: '- old\n+ new' }];
    const { api } = fakeApi([], rules, changed);
    render(<ConsentPage api={api} events={undefined} />);
    expect((await screen.findByRole('table')).textContent).toContain('any client');
    expect(await screen.findByText(/- old/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Revoke rule 3' }));
    });
    expect(await screen.findByText(/No rules yet: every tool call asks you/)).toBeTruthy();
  });
});
