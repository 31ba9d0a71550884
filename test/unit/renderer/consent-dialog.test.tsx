// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentPromptView } from '../../../shared/consent.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { CONFIRM_MS, ConsentDialog } from '../../../renderer/src/ConsentDialog.js';
import { HubQueryProvider } from '../../../renderer/src/query.js';
import { ARM_MS } from '../../../renderer/src/use-armed.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { prompt } from './prompt-fixture.js';

/**
 * The consent dialog cannot be answered by accident: it arms only after a prompt has been in view for
 * ARM_MS, keys count only inside it and not from a field, held keys repeat nothing, a standing rule
 * needs a second press, and an error stays with the prompt that caused it. Fake timers stand in for
 * the user's pauses.
 */

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/**
 * The dialog over a hub double: answering removes the prompt from the hub's list, which the page reads
 * again (onAnswered). `show` replaces the list, as a prompts-changed event would.
 */
function renderDialog(initial: ConsentPromptView[], answerPrompt?: HubApi['answerPrompt']) {
  let pending = [...initial];
  const answers: [number, string, string][] = [];
  const control: { show: (p: ConsentPromptView[]) => void } = { show: () => {} };
  const api = fakeHubApi({
    answerPrompt:
      answerPrompt ??
      (async (id, effect, remember) => {
        answers.push([id, effect, remember]);
        pending = pending.filter((p) => p.id !== id);
        return { ...prompt({ id }), status: effect === 'allow' ? 'allowed' : 'denied' };
      }),
  });
  function Page() {
    const [list, setList] = useState(pending);
    useEffect(() => {
      control.show = (p) => {
        pending = p;
        setList(p);
      };
    }, []);
    return (
      <HubQueryProvider api={api} events={undefined}>
        <input aria-label="Server name" />
        <ConsentDialog prompts={list} onAnswered={() => setList([...pending])} />
      </HubQueryProvider>
    );
  }
  render(<Page />);
  return { answers, control };
}

const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));
/** A key pressed where the focus is, and the answer it may send settled. */
async function press(key: string, init: { repeat?: boolean; shiftKey?: boolean } = {}, target: Element = document.activeElement!) {
  await act(async () => {
    fireEvent.keyDown(target, { key, ...init });
  });
}
const dialog = () => screen.getByRole('dialog');
const button = (name: RegExp) => screen.getByRole('button', { name });
const armed = () => button(/Allow once/).getAttribute('aria-disabled') === 'false';

describe('consent dialog', () => {
  it('shows who calls what, the arguments first and folded when long, the server’s words as its claims', () => {
    renderDialog([prompt()]);
    const d = dialog();
    expect(d.textContent).toContain('claude wants to call write_file on fs');
    expect(d.textContent).toContain('The server claims: readOnlyHint: true (not verified).');
    expect(d.textContent).toContain('Asked because no rule answers this call.');
    expect(d.querySelector('.arguments-box details summary')!.textContent).toMatch(/\(500 characters\)$/);
    // Arguments come before the tool's description, and the answers sit in a footer of their own.
    expect(d.querySelector('.arguments-box')!.compareDocumentPosition(d.querySelector('blockquote')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(d.querySelector('footer .answers')).not.toBeNull();
  });

  it('shows hidden and direction-changing characters as code points, in names, descriptions and arguments', () => {
    renderDialog([
      prompt({
        tool: 'read\u200Bfile',
        askIn: 'both',
        details: { ...prompt().details, description: 'Reads \u202Eevil', arguments: { 'pa\u2066th': 'a\u{E0041}b', n: { deep: 'x\u202Ey' } }, hiddenCharacters: ['description'] },
      }),
    ]);
    const d = dialog();
    expect(d.textContent).toContain('read⟨U+200B⟩file');
    expect(d.textContent).toContain('Reads ⟨U+202E⟩evil');
    expect(d.textContent).toContain('pa⟨U+2066⟩th');
    expect(d.textContent).toContain('a⟨U+E0041⟩b');
    expect(d.textContent).toContain('x⟨U+202E⟩y');
    expect(d.textContent).not.toMatch(/[\u200B\u202E\u2066]/u);
    expect([...d.querySelectorAll('.hidden-char')].map((c) => c.textContent)).toContain('⟨U+202E⟩');
    expect(d.textContent).toContain('Also asked in claude — the first answer wins.');
  });

  it('arms only after the prompt has been in view for a moment; a key too early starts the wait over', async () => {
    const { answers } = renderDialog([prompt()]);
    expect(armed()).toBe(false);
    await press('a');
    fireEvent.click(button(/Allow once/));
    expect(answers).toEqual([]);

    await wait(ARM_MS - 100);
    await press('x'); // still too early: the wait restarts
    await wait(ARM_MS - 100);
    expect(armed()).toBe(false);
    await wait(100);
    expect(armed()).toBe(true);
    await press('a');
    expect(answers).toEqual([[7, 'allow', 'once']]);
  });

  it('moves the focus to the dialog itself (not to an answer), keeps Tab inside, and gives the focus back afterwards', async () => {
    const { answers, control } = renderDialog([]);
    const field = screen.getByRole('textbox', { name: 'Server name' });
    field.focus();
    act(() => control.show([prompt()]));
    expect(document.activeElement).toBe(dialog());

    await wait(ARM_MS);
    const deny = button(/Always deny/);
    deny.focus();
    await press('Tab');
    expect(document.activeElement).toBe(dialog().querySelector('summary'));
    await press('Tab', { shiftKey: true });
    expect(document.activeElement).toBe(deny);

    await press('d');
    expect(answers).toEqual([[7, 'deny', 'once']]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(field);
  });

  it('puts the focus back on the dialog for the next prompt, off the button that answered the last one', async () => {
    renderDialog([prompt({ id: 1 }), prompt({ id: 2, tool: 'delete_file' })]);
    await wait(ARM_MS);
    const once = button(/Allow once/);
    once.focus();
    await act(async () => {
      fireEvent.click(once);
    });
    expect(dialog().textContent).toContain('delete_file');
    expect(document.activeElement).toBe(dialog());
  });

  it('hears keys only inside the dialog, and never from an editable element', async () => {
    const { answers } = renderDialog([prompt()]);
    await wait(ARM_MS);
    await press('a', {}, screen.getByRole('textbox', { name: 'Server name', hidden: true }));
    await press('a', {}, document.body);
    const note = document.createElement('textarea');
    dialog().append(note);
    await press('a', {}, note);
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    dialog().append(editable);
    await press('a', {}, editable);
    expect(answers).toEqual([]);
    await press('a', {}, dialog());
    expect(answers).toEqual([[7, 'allow', 'once']]);
  });

  it('ignores a held key’s repeats: one press, one answer', async () => {
    const { answers } = renderDialog([prompt({ id: 1 }), prompt({ id: 2 })]);
    await wait(ARM_MS);
    await press('a');
    for (let i = 0; i < 5; i++) await press('a', { repeat: true });
    await wait(ARM_MS);
    for (let i = 0; i < 5; i++) await press('a', { repeat: true });
    expect(answers).toEqual([[1, 'allow', 'once']]);
    expect(dialog().textContent).toContain('write_file');
  });

  it('answers only the prompt that was visible when A is pressed twice quickly; the next one arms anew', async () => {
    const { answers } = renderDialog([prompt({ id: 1 }), prompt({ id: 2, tool: 'delete_file' })]);
    expect(dialog().textContent).toContain('1 more waiting after this one.');
    await wait(ARM_MS);
    await press('a');
    await wait(120);
    await press('a');
    expect(answers).toEqual([[1, 'allow', 'once']]);
    expect(dialog().textContent).toContain('delete_file');
    expect(armed()).toBe(false);
    await wait(ARM_MS);
    expect(answers).toEqual([[1, 'allow', 'once']]);
    await press('a');
    expect(answers).toEqual([
      [1, 'allow', 'once'],
      [2, 'allow', 'once'],
    ]);
  });

  it('makes a standing rule only after a second, separate press; any other key or a timeout cancels', async () => {
    const { answers } = renderDialog([prompt()]);
    await wait(ARM_MS);
    await press('w');
    expect(button(/Confirm: always allow write_file for claude\?/)).toBeTruthy();
    await press('w'); // at once: not deliberate, the confirmation waits again
    expect(answers).toEqual([]);
    await wait(ARM_MS);
    await press('e'); // another key cancels
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();

    await wait(ARM_MS);
    await press('w');
    await wait(CONFIRM_MS); // no confirmation in time: cancelled
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
    expect(answers).toEqual([]);

    await press('n');
    await wait(ARM_MS);
    await press('n');
    expect(answers).toEqual([[7, 'deny', 'always']]);
  });

  it('confirms a standing rule by two clicks, the second once it is armed again', async () => {
    const { answers } = renderDialog([prompt()]);
    await wait(ARM_MS);
    fireEvent.click(button(/Always allow/));
    const confirm = button(/Confirm: always allow/);
    fireEvent.click(confirm);
    expect(answers).toEqual([]);
    await wait(ARM_MS);
    await act(async () => {
      fireEvent.click(confirm);
    });
    expect(answers).toEqual([[7, 'allow', 'always']]);
  });

  it('denies once on Escape, but only when armed', async () => {
    const { answers } = renderDialog([prompt()]);
    await press('Escape');
    expect(answers).toEqual([]);
    await wait(ARM_MS);
    await press('Escape');
    expect(answers).toEqual([[7, 'deny', 'once']]);
  });

  it('shows an answer’s error with the prompt that caused it, never with the next one', async () => {
    let calls = 0;
    const answered: number[] = [];
    const pending = [prompt({ id: 1 }), prompt({ id: 2, tool: 'delete_file' })];
    renderDialog(pending, async (id) => {
      if (calls++ === 0) throw new Error('The hub could not record the answer.');
      answered.push(id);
      return prompt({ id });
    });
    await wait(ARM_MS);
    await press('a');
    // The failed prompt is still pending: it is back, with its error, and must arm again.
    expect(dialog().textContent).toContain('write_file');
    expect(screen.getByRole('alert').textContent).toBe('The hub could not record the answer.');
    await wait(ARM_MS);
    // Answered now, but the hub double keeps listing it: the dialog shows the next prompt without the error.
    await press('d');
    expect(answered).toEqual([1]);
    expect(dialog().textContent).toContain('delete_file');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
