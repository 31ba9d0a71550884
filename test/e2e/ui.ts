import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { root } from './serve.js';

/** Helpers for browser tests of the UI: screenshots, the layout at a width, accessibility scans. */

export const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

export const WIDTHS = [1000, 1400] as const;
export type Theme = 'light' | 'dark';

/** Goes to a page of the UI by its address (#/servers/memory …) and waits for its title. */
export async function open(page: Page, hash: string, title: string | RegExp): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await expect(page.getByRole('heading', { level: 2, name: title }).first()).toBeVisible();
}

/** The page in light or dark, as the system would ask for it (the theme switch is on System). */
export async function useTheme(page: Page, theme: Theme): Promise<void> {
  // Reduced motion: no colour transitions to catch half-way (a scan or a screenshot right after the switch).
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
}

/** Nothing on the page is wider than the window: no horizontal scroll at this width. */
export async function expectNoHorizontalScroll(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('main *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scroll: document.documentElement.scrollWidth - width, wide };
  });
  expect(overflow, `${what}: the page scrolls sideways`).toEqual({ scroll: 0, wide: [] });
}

/** A full-page screenshot under test-results/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true, animations: 'disabled' });
}

const require = createRequire(import.meta.url);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now, each as
 * one line (rule, help, where). The page's CSP allows only its own scripts: the context that scans
 * must be made with bypassCSP so axe's script can be added.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.trim()).slice(0, 4).join('; ')}`);
}
