import { describe, expect, it } from 'vitest';
import { pendingText } from '../../main/electron/tray-text.js';

describe('the tray text for waiting prompts', () => {
  it('says nothing is waiting, one, or how many', () => {
    expect(pendingText(0)).toEqual({ title: '', tooltip: 'Agent Hub', menu: 'No tool calls waiting' });
    expect(pendingText(1)).toEqual({ title: '1', tooltip: 'Agent Hub: 1 tool call waits for your answer', menu: '1 tool call waits for your answer…' });
    expect(pendingText(12).title).toBe('12');
    expect(pendingText(12).tooltip).toBe('Agent Hub: 12 tool calls wait for your answer');
  });
});
