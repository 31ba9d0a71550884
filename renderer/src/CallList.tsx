import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ToolCallView } from '../../shared/timeline.js';
import { Badge } from './kit/index.js';
import { paths } from './paths.js';
import { Revealed } from './Revealed.js';
import { hrefOf } from './router.js';
import { consentShort, formatMs, KIND_CHIP, STATUS_BADGE, timeOf } from './call-labels.js';

/** Each row's height in px (fixed: the list places rows by index). */
export const ROW = 56;
const OVERSCAN = 8;
/** Read the next page once the rows in view come this close to the last loaded one. */
const LOAD_AHEAD = 60;

/** Where the window was scrolled to, per list, so coming back from a call's details lands where it left. */
const scrollMemory = new Map<string, number>();

/**
 * The calls as one list in the page's own scroll (no scroll area of its own): only the rows in view
 * exist in the DOM, placed by index, so 10,000 calls scroll as smoothly as 10. Rows past the loaded
 * ones show as loading while the next page is read. Each row is a link to the call's details; the
 * arrow keys move between rows.
 */
export function CallList({ calls, total, more, loadOlder, memoryKey, label }: { calls: ToolCallView[]; total: number; more: boolean; loadOlder: () => void; memoryKey: string; label: string }) {
  const ref = useRef<HTMLUListElement>(null);
  const count = Math.max(calls.length, more ? total : calls.length);
  const [range, setRange] = useState({ first: 0, last: 40 });

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    const first = Math.max(0, Math.floor(-top / ROW) - OVERSCAN);
    const last = Math.min(count, Math.ceil((window.innerHeight - top) / ROW) + OVERSCAN);
    setRange((r) => (r.first === first && r.last === last ? r : { first, last }));
  }, [count]);

  useLayoutEffect(() => {
    measure();
    window.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      window.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    };
  }, [measure]);

  // Back from a call's details: the window goes where it was, so the row (and its link, which takes the focus) is there.
  useLayoutEffect(() => {
    const y = scrollMemory.get(memoryKey);
    if (y !== undefined && y > 0) window.scrollTo(0, y);
    return () => {
      scrollMemory.set(memoryKey, window.scrollY);
    };
  }, [memoryKey]);

  useEffect(() => {
    if (more && range.last > calls.length - LOAD_AHEAD) loadOlder();
  }, [more, range.last, calls.length, loadOlder]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const index = Number((e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index);
    if (Number.isNaN(index)) return;
    const next = index + (e.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= calls.length) return;
    e.preventDefault();
    const focus = () => ref.current?.querySelector<HTMLElement>(`[data-index="${next}"] a`)?.focus();
    const el = ref.current!;
    const rowTop = el.getBoundingClientRect().top + next * ROW;
    const header = 52 + (document.querySelector<HTMLElement>('.timeline-toolbar')?.offsetHeight ?? 0);
    if (rowTop < header) window.scrollBy(0, rowTop - header);
    else if (rowTop + ROW > window.innerHeight) window.scrollBy(0, rowTop + ROW - window.innerHeight);
    requestAnimationFrame(focus);
  };

  const rows = [];
  for (let i = range.first; i < Math.min(range.last, count); i++) {
    const call = calls[i];
    rows.push(
      call ? (
        <CallRow key={call.id} call={call} index={i} />
      ) : (
        <li key={`more-${i}`} className="call-row placeholder" style={{ top: i * ROW, height: ROW }} aria-hidden="true">
          <span className="spinner" /> Loading older calls…
        </li>
      ),
    );
  }
  return (
    <ul ref={ref} className="call-list" aria-label={label} style={{ height: count * ROW }} onKeyDown={onKeyDown}>
      {rows}
    </ul>
  );
}

function CallRow({ call, index }: { call: ToolCallView; index: number }) {
  const status = STATUS_BADGE[call.status];
  const chip = KIND_CHIP[call.kind];
  return (
    <li className={`call-row status-${call.status}`} style={{ top: index * ROW, height: ROW }} data-index={index}>
      <a href={hrefOf(paths.call(call.id))} className="call-link">
        <span className="call-line">
          <time className="call-time" dateTime={call.startedAt}>
            {timeOf(call.startedAt)}
          </time>
          <Badge tone={status.tone} className="call-status">
            {status.label}
          </Badge>
          <span className="call-name">
            <span className="call-tool">
              <Revealed text={call.tool} />
            </span>
            <span className="call-route">
              {' '}
              on {call.server} · {call.client}
            </span>
          </span>
          {chip && <span className="kind-chip">{chip}</span>}
          {call.tasks > 0 && <span className="kind-chip task-chip">{call.tasks === 1 ? '1 task' : `${call.tasks} tasks`}</span>}
          <span className="call-duration">{call.durationMs === null ? '' : formatMs(call.durationMs)}</span>
        </span>
        <span className="call-line call-sub">
          <code className="call-args">
            <Revealed text={call.error ?? call.arguments} />
          </code>
          <span className="call-consent">{consentShort(call)}</span>
        </span>
      </a>
    </li>
  );
}
