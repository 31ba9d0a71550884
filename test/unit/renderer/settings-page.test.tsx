// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsPatch, SettingsView } from '../../../shared/settings.js';
import { SettingsPage } from '../../../renderer/src/SettingsPage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  // Pages put where they are in the address: every test starts at the first page.
  history.replaceState(null, '', '/');
});

function api(initial: Partial<SettingsView> = {}) {
  let current: SettingsView = { port: 47470, runningPort: 47470, consentTimeout: 120, historyDays: 30, dataDir: '/home/me/.config/Agent Hub', ...initial };
  const patches: SettingsPatch[] = [];
  return {
    patches,
    api: fakeHubApi({
      getSettings: async () => current,
      updateSettings: async (p) => {
        patches.push(p);
        current = { ...current, ...p };
        return current;
      },
    }),
  };
}

describe('Settings page', () => {
  it('shows every setting and the data folder', async () => {
    renderWithHub(<SettingsPage />, api().api);
    expect(((await screen.findByLabelText('Port from the next start')) as HTMLInputElement).value).toBe('47470');
    expect((screen.getByLabelText('Consent timeout') as HTMLInputElement).value).toBe('120');
    expect((screen.getByLabelText('Keep history for') as HTMLInputElement).value).toBe('30');
    expect(screen.getByText('/home/me/.config/Agent Hub')).toBeTruthy();
  });

  it('flags a bad value next to its field and will not save it', async () => {
    const { api: a, patches } = api();
    renderWithHub(<SettingsPage />, a);
    fireEvent.change(await screen.findByLabelText('Consent timeout'), { target: { value: '2' } });
    expect(screen.getByText('must be from 5 to 3600 seconds')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Keep history for'), { target: { value: 'soon' } });
    expect(screen.getByText('must be a whole number')).toBeTruthy();
    const save = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.submit(save.closest('form')!);
    expect(patches).toEqual([]);
  });

  it('saves, and says a new port applies at the next start', async () => {
    const { api: a, patches } = api();
    renderWithHub(<SettingsPage />, a);
    fireEvent.change(await screen.findByLabelText('Port from the next start'), { target: { value: '48000' } });
    fireEvent.change(screen.getByLabelText('Consent timeout'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(patches).toEqual([{ port: 48000, consentTimeout: 60, historyDays: 30 }]));
    expect((await screen.findByRole('status')).textContent).toBe('Saved. The hub moves to port 48000 when it restarts.');
  });

  it('shows the port the hub runs on now apart from the port setting, so they cannot be confused', async () => {
    renderWithHub(<SettingsPage />, api({ port: 48000, runningPort: 47470 }).api);
    const setting = (await screen.findByLabelText('Port from the next start')) as HTMLInputElement;
    expect(setting.value).toBe('48000');
    const now = screen.getByText('Port in use now').closest('.field')!;
    expect(now.textContent).toContain('47470 — the hub runs at http://127.0.0.1:47470/mcp');
    expect(now.textContent).toContain('Not the port setting below (48000)');
    expect(now.querySelector('input')).toBeNull();
    expect(screen.getByText(/from its next start/).textContent).toContain('does not move the running hub');
  });

  it('says when the running port and the setting are the same', async () => {
    renderWithHub(<SettingsPage />, api().api);
    await screen.findByLabelText('Port from the next start');
    expect(screen.getByText('Port in use now').closest('.field')!.textContent).toContain('The same as the port setting below.');
  });
});
