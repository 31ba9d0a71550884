// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretValuesInput, ServerConfig, ServerConfigInput } from '../../../shared/config.js';
import { ServerForm } from '../../../renderer/src/ServerForm.js';

afterEach(cleanup);

/** The form alone, recording what it saves. */
function renderForm(editing?: ServerConfig) {
  const saved: [ServerConfigInput, SecretValuesInput | undefined][] = [];
  render(<ServerForm editing={editing} taken={[]} onSave={async (input, secrets) => void saved.push([input, secrets])} onCancel={() => {}} />);
  return saved;
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const box = (label: string) => screen.getByRole('checkbox', { name: label }) as HTMLInputElement;
const value = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('secret values in the server form', () => {
  it('marks secret-looking variables secret, and sends their values apart from the config', async () => {
    const saved = renderForm();
    type('Name', 'github');
    type('Command', 'npx');
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Variable 1 name', 'GITHUB_TOKEN');
    expect(box('Variable 1 is secret').checked).toBe(true);
    expect(value('Variable 1 value').type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Variable 2 name', 'LOG');
    type('Variable 2 value', 'debug');
    expect(box('Variable 2 is secret').checked).toBe(false);
    // A choice made by hand stays, whatever the name becomes.
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Variable 3 name', 'PUBLIC_KEY');
    fireEvent.click(box('Variable 3 is secret'));
    type('Variable 3 name', 'PUBLIC_KEY_ID');
    type('Variable 3 value', 'k-1');
    expect(box('Variable 3 is secret').checked).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    expect(screen.getByText('type the value: it goes to the keychain')).toBeTruthy();
    expect(saved).toEqual([]);
    type('Variable 1 value', 'ghp_secret');
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    const [config, secrets] = saved[0]!;
    expect(config).toMatchObject({ env: { LOG: 'debug', PUBLIC_KEY_ID: 'k-1' }, secretEnv: ['GITHUB_TOKEN'] });
    expect(JSON.stringify(config)).not.toContain('ghp_secret');
    expect(secrets).toEqual({ env: { GITHUB_TOKEN: 'ghp_secret' }, headers: {} });
  });

  it('marks credential headers secret and checks their names, next to the row', async () => {
    const saved = renderForm();
    type('Name', 'docs');
    fireEvent.change(screen.getByLabelText('Transport'), { target: { value: 'http' } });
    type('URL', 'https://docs.example.com/mcp');
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    type('Header 1 name', 'Authorization');
    expect(box('Header 1 is secret').checked).toBe(true);
    type('Header 1 value', 'Bearer abc');
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    type('Header 2 name', 'x-api key');
    type('Header 2 value', 'k');
    expect(screen.getByText('must be an HTTP header name')).toBeTruthy();
    type('Header 2 name', 'X-Trace');
    expect(box('Header 2 is secret').checked).toBe(false);
    type('Header 2 value', 'on');
    fireEvent.click(screen.getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]![0]).toMatchObject({ transport: 'http', headers: { 'X-Trace': 'on' }, secretHeaders: ['Authorization'] });
    expect(saved[0]![1]).toEqual({ env: {}, headers: { Authorization: 'Bearer abc' } });
  });

  it('keeps a stored secret it never shows unless a new value is typed, and drops one whose row is removed', async () => {
    const editing: ServerConfig = {
      name: 'docs',
      transport: 'http',
      url: 'http://127.0.0.1:9000/mcp',
      command: 'node',
      args: ['serve.js'],
      headers: {},
      secretHeaders: ['Authorization'],
      env: { LOG: 'info' },
      secretEnv: ['API_KEY'],
      enabled: true,
      tools: { deny: [] },
      prefixTools: true,
    };
    const saved = renderForm(editing);
    expect(value('Variable 2 value').value).toBe('');
    expect(value('Variable 2 value').placeholder).toBe('stored in the keychain — type to replace');
    expect(value('Header 1 value').placeholder).toBe('stored in the keychain — type to replace');

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]![0]).toMatchObject({ env: { LOG: 'info' }, secretEnv: ['API_KEY'], secretHeaders: ['Authorization'] });
    expect(saved[0]![1]).toBeUndefined();

    type('Variable 2 value', 'new-key');
    fireEvent.click(screen.getByRole('button', { name: 'Remove header 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]![0]).toMatchObject({ secretEnv: ['API_KEY'], secretHeaders: [] });
    expect(saved[1]![1]).toEqual({ env: { API_KEY: 'new-key' }, headers: {} });

    // A stored secret renamed is a new secret: it needs its value.
    type('Variable 2 name', 'API_TOKEN');
    type('Variable 2 value', '');
    expect(screen.getByText('type the value: it goes to the keychain')).toBeTruthy();
  });
});
