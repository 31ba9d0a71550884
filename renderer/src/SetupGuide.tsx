import { useRef, useState, type ReactNode } from 'react';
import { CopyButton } from './CopyButton.js';
import { stepsDone, useGuide, type SetupProgress } from './guide.js';
import { genericHttpSnippet, tokenPlaceholder } from './http-snippet.js';
import { Button } from './kit/index.js';

const DISMISSED_KEY = 'agent-hub.setup-checklist-dismissed';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function stepNotes(p: SetupProgress): [string, string, string] {
  return [
    p.servers > 0 ? `${plural(p.servers, 'server', 'servers')} in the hub.` : 'Import the servers your apps already have, or add one by hand.',
    p.clients.length > 0 ? `Clients: ${list(p.clients)}.` : 'One for each app, with its own token.',
    p.connected.length > 0 ? `${list(p.connected)} connected.` : 'Write the hub into an app’s config file, or paste its snippet.',
  ];
}

function Tick({ done, n }: { done: boolean; n: number }) {
  return (
    <>
      <span className={`tick${done ? ' done' : ''}`} aria-hidden="true">
        {done ? '✓' : n}
      </span>
      <span className="visually-hidden">{done ? 'Done:' : 'To do:'}</span>
    </>
  );
}

/**
 * The checklist above every page until the three steps are done; then it can be hidden for good. Each
 * step ticks itself from what the hub has, and its button opens the page where it is done.
 */
export function SetupChecklist() {
  const { progress, endpoint, go } = useGuide();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED_KEY) === 'yes');
  if (!progress || dismissed) return null;
  const done = stepsDone(progress);
  const count = done.filter(Boolean).length;
  const notes = stepNotes(progress);
  const steps = [
    { label: 'Add or import a server', to: 'servers' as const },
    { label: 'Create a client', to: 'clients' as const },
    { label: 'Connect an app', to: 'clients' as const },
  ];
  const dismiss = () => {
    localStorage.setItem(DISMISSED_KEY, 'yes');
    setDismissed(true);
  };
  return (
    <section className={`setup-checklist${count === 3 ? ' complete' : ''}`} aria-labelledby="setup-checklist-title">
      <div className="setup-checklist-head">
        <h2 id="setup-checklist-title">{count === 3 ? 'Agent Hub is set up' : 'Set up Agent Hub'}</h2>
        <span className="setup-count">{count} of 3 done</span>
        {endpoint && <EndpointLine endpoint={endpoint} />}
        {count === 3 && (
          <Button size="sm" variant="ghost" className="dismiss" onClick={dismiss}>
            Hide this checklist
          </Button>
        )}
      </div>
      <ol aria-label="Setup steps">
        {steps.map((s, i) => (
          <li key={s.label} className={done[i] ? 'done' : undefined}>
            <Tick done={done[i]!} n={i + 1} />
            <span className="step-text">
              <Button variant="link" onClick={() => go(s.to)}>
                {s.label}
              </Button>
              <small>{notes[i]}</small>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The live endpoint with a Copy button. */
export function EndpointLine({ endpoint }: { endpoint: string }) {
  const code = useRef<HTMLElement>(null);
  return (
    <span className="endpoint-line">
      Endpoint <code ref={code}>{endpoint}</code> <CopyButton text={endpoint} target={() => code.current} label="Copy the endpoint URL" />
    </span>
  );
}

/**
 * For apps that speak Streamable HTTP: the endpoint with an Authorization header. The real token only
 * right after the client was created (it is shown once); otherwise a placeholder and where the token came from.
 */
export function HttpSnippet({ client, token, snippet }: { client: string | undefined; token: string | undefined; snippet?: string | undefined }) {
  const { endpoint } = useGuide();
  const pre = useRef<HTMLPreElement>(null);
  const url = endpoint ?? 'http://127.0.0.1:<port>/mcp';
  const text = snippet ?? genericHttpSnippet(url, token ?? tokenPlaceholder(client));
  return (
    <div className="http-snippet">
      <pre ref={pre} className="snippet" aria-label={client ? `HTTP snippet for ${client}` : 'HTTP snippet'}>
        {text}
      </pre>
      <CopyButton text={text} target={() => pre.current} label={client ? `Copy snippet for ${client} (HTTP)` : 'Copy snippet (HTTP)'}>
        Copy snippet
      </CopyButton>
      <p className="hint">
        <TokenNote client={client} token={token} />
      </p>
    </div>
  );
}

export function TokenNote({ client, token }: { client: string | undefined; token: string | undefined }): ReactNode {
  if (token && client) return <>This snippet holds {client}’s token, shown only this once: copy it now. The hub keeps only its hash.</>;
  if (client) {
    return (
      <>
        Replace <code>{tokenPlaceholder(client)}</code> with the token shown when you created the client {client}. It was shown only once (the hub keeps only
        its hash); if you no longer have it, create another client.
      </>
    );
  }
  return (
    <>
      Replace <code>{tokenPlaceholder(undefined)}</code> with a client’s token: create a client on the Clients page and its token is shown once.
    </>
  );
}

/**
 * The Servers page with no servers: the three steps in full, each with its buttons, the live endpoint
 * and the HTTP snippet. `found` says what the import would offer (servers in other apps' files).
 */
export function GettingStarted({ found, onImport, onAdd }: { found: { apps: string[]; servers: number } | undefined; onImport: () => void; onAdd: () => void }) {
  const { progress, endpoint, go } = useGuide();
  const done = progress ? stepsDone(progress) : [false, false, false];
  const notes = progress ? stepNotes(progress) : undefined;
  return (
    <section className="getting-started" aria-labelledby="getting-started-title">
      <h3 id="getting-started-title">No servers yet. Get started in three steps</h3>
      <ol className="steps">
        <li className={done[0] ? 'done' : undefined}>
          <Tick done={done[0]!} n={1} />
          <div>
            <h4>Add or import servers</h4>
            <p>
              {found && found.servers > 0
                ? `Agent Hub found ${plural(found.servers, 'server', 'servers')} in ${list(found.apps)} on this machine. Import the ones you want, with their secrets kept in the keychain.`
                : 'Import the MCP servers your apps already have (Claude Desktop, Cursor, VS Code, Zed …), or add one by hand.'}
            </p>
            <div className="step-actions">
              <Button variant="primary" onClick={onImport}>
                Import from your apps
              </Button>
              <Button onClick={onAdd}>Add server</Button>
            </div>
            <p className="hint">
              Or in a terminal: <code>agent-hub server add NAME -- COMMAND</code>, <code>agent-hub import --app cursor</code>.
            </p>
          </div>
        </li>
        <li className={done[1] ? 'done' : undefined}>
          <Tick done={done[1]!} n={2} />
          <div>
            <h4>Create a client</h4>
            <p>{notes && done[1] ? notes[1] : 'Each app that uses the hub is a client with its own token, so the timeline tells them apart and you can revoke one alone.'}</p>
            <div className="step-actions">
              <Button onClick={() => go('clients')}>Create a client</Button>
            </div>
          </div>
        </li>
        <li className={done[2] ? 'done' : undefined}>
          <Tick done={done[2]!} n={3} />
          <div>
            <h4>Connect an app</h4>
            <p>
              {notes && done[2]
                ? notes[2]
                : 'Agent Hub writes itself into the app’s config file (with a backup and Undo), or you paste the snippet. Apps that launch agent-hub connect need no token.'}
            </p>
            <div className="step-actions">
              <Button onClick={() => go('clients')}>Connect an app</Button>
            </div>
          </div>
        </li>
      </ol>
      <div className="endpoint-box">
        <h4>The hub’s MCP endpoint</h4>
        {endpoint ? <EndpointLine endpoint={endpoint} /> : <p aria-busy="true">Reading the port…</p>}
        <p className="hint">For apps that speak Streamable HTTP, the entry with the endpoint and a client’s token:</p>
        <HttpSnippet client={progress?.clients[0]} token={undefined} />
      </div>
    </section>
  );
}
