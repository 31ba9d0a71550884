// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Revealed } from '../../../renderer/src/Revealed.js';

afterEach(cleanup);

describe('Revealed', () => {
  it('shows hidden, zero-width, tag and bidi characters as marked code points, and plain text as it is', () => {
    const { container } = render(
      <p>
        <Revealed text={'live\u202Elive\u200B\u{E0049}\u2066x'} />
      </p>,
    );
    expect(container.textContent).toBe('live⟨U+202E⟩live⟨U+200B⟩⟨U+E0049⟩⟨U+2066⟩x');
    expect([...container.querySelectorAll('.hidden-char')].map((c) => c.textContent)).toEqual(['⟨U+202E⟩', '⟨U+200B⟩', '⟨U+E0049⟩', '⟨U+2066⟩']);

    const plain = render(<Revealed text="Adds two numbers." />);
    expect(plain.container.innerHTML).toBe('Adds two numbers.');
  });
});
