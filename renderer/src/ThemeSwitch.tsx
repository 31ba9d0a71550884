import { THEME_CHOICES, useTheme, type ThemeChoice } from './theme.js';

/** System, Light or Dark, in the header of every page; remembered in this browser (localStorage). */
export function ThemeSwitch() {
  const [choice, setChoice] = useTheme();
  return (
    <label className="theme-switch">
      <span className="theme-icon" aria-hidden="true">
        ◐
      </span>
      <select value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)} aria-label="Theme">
        {THEME_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
