import { useEffect, useState } from 'react';
import { revealHidden } from '../../shared/visible-text.js';
import { EmptyState, ErrorLine, Loading, Switch } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';

/**
 * A server's tools, each with its description and a publish switch: a switched-off tool is not
 * published (and cannot be called, even by a client that guesses its name).
 */
export function ServerTools({ server, running }: { server: string; running: boolean }) {
  const tools = useHubQuery('listServerTools', [server]);
  const toggle = useHubMutation('setToolEnabled');
  // A switch shows its new position at once; the hub's list takes over once it agrees.
  const [wanted, setWanted] = useState<ReadonlyMap<string, boolean>>(new Map());
  useEffect(() => {
    if (!tools.data) return;
    setWanted((prev) => {
      const next = new Map([...prev].filter(([name, on]) => tools.data.find((t) => t.name === name)?.enabled !== on));
      return next.size === prev.size ? prev : next;
    });
  }, [tools.data]);

  const flip = (tool: string, enabled: boolean) => {
    setWanted((prev) => new Map(prev).set(tool, enabled));
    toggle.mutate([server, tool, enabled], { onError: () => setWanted((prev) => new Map([...prev].filter(([name]) => name !== tool))) });
  };

  if (tools.isPending) return <Loading>Loading tools…</Loading>;
  if (tools.error) return <ErrorLine error={tools.error.message} />;
  if (tools.data.length === 0) {
    return <EmptyState>{running ? `${server} reports no tools.` : `No tools reported yet: they appear once ${server} is running.`}</EmptyState>;
  }
  const published = tools.data.filter((t) => wanted.get(t.name) ?? t.enabled).length;
  return (
    <div className="server-tools">
      <p className="section-note" aria-live="polite">
        {published} of {tools.data.length} published
      </p>
      <ErrorLine error={messageOf(toggle.error)} />
      <ul className="tool-list">
        {tools.data.map((t) => {
          const [first, ...rest] = t.description.split('\n');
          const more = rest.join('\n').trim();
          return (
            <li key={t.name} className="tool-item">
              <Switch
                checked={wanted.get(t.name) ?? t.enabled}
                disabled={toggle.isPending && toggle.variables?.[1] === t.name}
                onChange={(e) => flip(t.name, e.target.checked)}
                aria-label={`Publish ${revealHidden(t.name)}`}
              />
              <div className="tool-text">
                <code className="tool-name">
                  <Revealed text={t.name} />
                </code>
                {first ? (
                  <p className="tool-description">
                    <Revealed text={first} />
                  </p>
                ) : (
                  <p className="tool-description muted">No description.</p>
                )}
                {more && (
                  <details className="tool-more">
                    <summary>More</summary>
                    <p className="tool-description-rest">
                      <Revealed text={more} />
                    </p>
                  </details>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
