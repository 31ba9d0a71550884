import { useLayoutEffect, useRef, useState } from 'react';
import { Button } from './kit/index.js';

/** Within this many pixels of the end counts as "at the newest line". */
const AT_END_PX = 12;

/**
 * A log, oldest line first and the newest in view: it opens scrolled to the end and follows new lines
 * while the reader stays at the end; scrolled up to read, it stays put and offers a way back down.
 */
export function LogView({ lines, label }: { lines: readonly string[]; label: string }) {
  const box = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  const last = lines.at(-1);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [lines.length, last, follow]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - AT_END_PX);
  };

  return (
    <div className="log-view">
      <pre ref={box} className="log" tabIndex={0} aria-label={label} onScroll={onScroll}>
        {lines.map((line, i) => (
          <span key={i} className={line.startsWith('[agent-hub]') ? 'log-line log-note' : 'log-line'}>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
      <div className="log-foot">
        <span className="section-note" aria-live="polite">
          {follow ? 'Following new lines.' : 'Scrolled up: new lines wait below.'}
        </span>
        {!follow && (
          <Button size="sm" onClick={() => setFollow(true)}>
            Jump to newest
          </Button>
        )}
      </div>
    </div>
  );
}
