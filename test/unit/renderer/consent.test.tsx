// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangedToolView, ConsentPromptView, ConsentRuleView } from '../../../shared/consent.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { App } from '../../../renderer/src/App.js';
import { ConsentPage } from '../../../renderer/src/ConsentPage.js';
import type { ViewEvent } from '../../../renderer/src/event-stream.js';
import { HostContext } from '../../../renderer/src/host.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { prompt } from './prompt-fixture.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  localStorage.clear();
  vi.unstubAllGlobals();
});

/** A HubApi test double holding prompts and rules in memory. */
function fakeApi(prompts: ConsentPromptView[], rules: ConsentRuleView[] = [], changed: ChangedToolView[] = []) {
  const api: HubApi = fakeHubApi({
    listPendingPrompts: async () => [...prompts],
    listConsentRules: async () => [...rules],
    revokeConsentRule: async (id) => {
      rules.splice(0, rules.length, ...rules.filter((r) => r.id !== id));
    },
    listChangedTools: async () => [...changed],
  });
  return api;
}

function fakeEvents() {
  const listeners = new Set<(e: ViewEvent) => void>();
  return { events: { subscribe: (l: (e: ViewEvent) => void) => (listeners.add(l), () => listeners.delete(l)) }, emit: (e: ViewEvent) => listeners.forEach((l) => l(e)) };
}

const rule = (id: number, tool = 'status'): ConsentRuleView => ({
  id,
  client: '*',
  server: 'git',
  tool,
  effect: 'allow',
  scope: 'always',
  sessionId: null,
  createdBy: 'cli',
  createdAt: 'now',
});

describe('waiting prompts in the app', () => {
  it('open the dialog when the hub says a prompt opened, without polling', async () => {
    const prompts: ConsentPromptView[] = [];
    const api = fakeApi(prompts);
    const spy = vi.spyOn(api, 'listPendingPrompts');
    const { events, emit } = fakeEvents();
    render(<App api={api} events={events} />);
    await act(async () => {});
    expect(screen.queryByRole('dialog')).toBeNull();
    prompts.push(prompt());
    await act(async () => emit({ type: 'prompts-changed' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('count in the title and on the Consent button, and the count goes when they are answered', async () => {
    const prompts = [prompt({ id: 1 }), prompt({ id: 2 })];
    const { events, emit } = fakeEvents();
    render(<App api={fakeApi(prompts)} events={events} />);
    expect(await screen.findByRole('link', { name: 'Consent (2 waiting)' })).toBeTruthy();
    expect(document.title).toBe('(2) Agent Hub');
    prompts.splice(0);
    await act(async () => emit({ type: 'prompts-changed' }));
    await waitFor(() => expect(document.title).toBe('Agent Hub'));
    expect(screen.getByRole('link', { name: 'Consent' })).toBeTruthy();
  });

  it('become a desktop notification when the user opted in and the tab is not in front; a click brings the tab back', async () => {
    const shown: { title: string; onclick: (() => void) | null; close: () => void }[] = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = vi.fn(async () => 'granted');
      onclick: (() => void) | null = null;
      close = vi.fn();
      constructor(public title: string) {
        shown.push(this);
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {});
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const prompts: ConsentPromptView[] = [];
    const { events, emit } = fakeEvents();
    render(<App api={fakeApi(prompts)} events={events} connection={{ state: () => 'open', onStateChange: () => () => {} }} />);

    // Off until the user turns it on (on the Consent page, where the browser's permission is asked).
    prompts.push(prompt({ id: 1 }));
    await act(async () => emit({ type: 'prompts-changed' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(shown).toEqual([]);
    expect(screen.getByRole('link', { name: /^Consent/ }).getAttribute('href')).toBe('#/consent');
    await act(async () => void (window.location.hash = '#/consent'));
    const notify = await screen.findByRole('checkbox', { name: 'Notify me when a tool call waits' });
    await act(async () => {
      fireEvent.click(notify);
    });
    expect(localStorage.getItem('agent-hub.notify-prompts')).toBe('on');

    prompts.push(prompt({ id: 2, tool: 'delete_file' }));
    await act(async () => emit({ type: 'prompts-changed' }));
    await waitFor(() => expect(shown.map((n) => n.title)).toEqual(['claude wants to call delete_file on fs']));
    shown[0]!.onclick!();
    expect(focus).toHaveBeenCalled();

    // Answered elsewhere: its notification closes.
    prompts.splice(0);
    await act(async () => emit({ type: 'prompts-changed' }));
    await waitFor(() => expect(shown[0]!.close).toHaveBeenCalled());
  });

  it('asks the browser for permission only when turned on, and says when it is blocked', async () => {
    class BlockedNotification {
      static permission = 'default';
      static requestPermission = vi.fn(async () => 'denied');
    }
    vi.stubGlobal('Notification', BlockedNotification);
    renderWithHub(
      <HostContext.Provider value={{ browser: true }}>
        <ConsentPage />
      </HostContext.Provider>,
      fakeApi([]),
    );
    expect(BlockedNotification.requestPermission).not.toHaveBeenCalled();
    const notify = await screen.findByRole('checkbox', { name: 'Notify me when a tool call waits' });
    await act(async () => {
      fireEvent.click(notify);
    });
    expect(BlockedNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toMatch(/blocks notifications/);
    expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(false);
  });
});

describe('consent page', () => {
  it('lists rules and revokes one, and shows changed tools with their diff', async () => {
    const changed: ChangedToolView[] = [{ server: 'fs', tool: 'read', approvedAt: '2026-11-20T00:00:00Z', changedAt: '2026-11-21T00:00:00Z', diff: '- old\n+ new' }];
    renderWithHub(<ConsentPage />, fakeApi([], [rule(3)], changed));
    expect((await screen.findByRole('table')).textContent).toContain('any client');
    expect(await screen.findByText(/- old/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Revoke rule 3' }));
    });
    expect(await screen.findByText(/No rules yet: every tool call asks you/)).toBeTruthy();
  });

  it('follows rules made elsewhere live, and lists the prompts waiting', async () => {
    const rules: ConsentRuleView[] = [];
    const { events, emit } = fakeEvents();
    renderWithHub(<ConsentPage />, fakeApi([prompt({ tool: 'write\u202Efile' })], rules), events);
    expect(await screen.findByText(/No rules yet/)).toBeTruthy();
    expect(screen.getByRole('listitem').textContent).toContain('claude wants to call write⟨U+202E⟩file on fs');
    rules.push(rule(4, 'push'));
    await act(async () => emit({ type: 'rules-changed' }));
    expect((await screen.findByRole('table')).textContent).toContain('push');
  });
});
