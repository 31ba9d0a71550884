import { useEffect, useRef } from 'react';
import type { ConsentPromptView } from '../../shared/consent.js';
import { revealHidden } from '../../shared/visible-text.js';

/**
 * A prompt nobody sees becomes a denial when it times out. So a waiting prompt shows wherever the
 * user is: a count in the tab's title and on its icon, and (opt-in, browser mode) a desktop notification.
 */

const TITLE = 'Agent Hub';
const NOTIFY_KEY = 'agent-hub.notify-prompts';

export function titleFor(waiting: number): string {
  return waiting > 0 ? `(${waiting}) ${TITLE}` : TITLE;
}

/** The tab icon, with the count on a red badge; undefined where the page cannot draw. */
export function iconFor(waiting: number): string | undefined {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 32;
  const g = canvas.getContext('2d');
  if (!g) return undefined;
  const css = getComputedStyle(document.documentElement);
  const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  g.fillStyle = colour('--icon-bg', '#1d1f23');
  g.beginPath();
  g.roundRect(2, 2, 28, 28, 6);
  g.fill();
  g.fillStyle = colour('--icon-fg', '#ffffff');
  g.font = 'bold 15px system-ui, sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText('AH', 16, 17);
  if (waiting > 0) {
    g.fillStyle = colour('--badge-bg', '#d93025');
    g.beginPath();
    g.arc(22, 10, 10, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = colour('--badge-fg', '#ffffff');
    g.font = 'bold 14px system-ui, sans-serif';
    g.fillText(waiting > 9 ? '9+' : String(waiting), 22, 11);
  }
  return canvas.toDataURL('image/png');
}

function setIcon(href: string | undefined): void {
  if (!href) return;
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.append(link);
  }
  link.href = href;
}

export const notificationsSupported = () => typeof Notification !== 'undefined';

/** Whether the user turned notifications on here, and the browser still lets the page show them. */
export function notificationsOn(): boolean {
  return notificationsSupported() && localStorage.getItem(NOTIFY_KEY) === 'on' && Notification.permission === 'granted';
}

/** Turns notifications on (asking the browser's permission only now) or off; says what came of it. */
export async function setNotifications(on: boolean): Promise<'on' | 'off' | 'blocked'> {
  if (!on) {
    localStorage.removeItem(NOTIFY_KEY);
    return 'off';
  }
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') return 'blocked';
  localStorage.setItem(NOTIFY_KEY, 'on');
  return 'on';
}

/**
 * Keeps the title and icon counting the waiting prompts; with `notify`, a new prompt that arrives while
 * the tab is not in front becomes a notification, closed again once the prompt is answered anywhere.
 */
export function useAttention(prompts: readonly ConsentPromptView[], notify: boolean): void {
  const seen = useRef(new Set<number>());
  const shown = useRef(new Map<number, Notification>());

  useEffect(() => {
    document.title = titleFor(prompts.length);
    setIcon(iconFor(prompts.length));
    const waiting = new Set(prompts.map((p) => p.id));
    for (const [id, n] of shown.current) {
      if (waiting.has(id)) continue;
      n.close();
      shown.current.delete(id);
    }
    const away = document.hidden || !document.hasFocus();
    for (const p of prompts) {
      if (seen.current.has(p.id)) continue;
      seen.current.add(p.id);
      if (!notify || !away || !notificationsOn()) continue;
      const n = new Notification(`${revealHidden(p.client)} wants to call ${revealHidden(p.tool)} on ${revealHidden(p.server)}`, {
        body: 'Agent Hub waits for your answer.',
        tag: `agent-hub-prompt-${p.id}`,
        requireInteraction: true,
      });
      n.onclick = () => {
        window.focus();
        n.close();
      };
      shown.current.set(p.id, n);
    }
    for (const id of seen.current) if (!waiting.has(id)) seen.current.delete(id);
  }, [prompts, notify]);

  useEffect(
    () => () => {
      document.title = TITLE;
      setIcon(iconFor(0));
    },
    [],
  );
}
