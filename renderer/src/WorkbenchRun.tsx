import { useEffect, useState } from 'react';
import type { WorkbenchRequest, WorkbenchRunView } from '../../shared/workbench.js';
import { formatMs } from './call-labels.js';
import { JsonBlock } from './JsonBlock.js';
import { Badge, Button, ErrorLine, Section } from './kit/index.js';
import { McpResult } from './McpResult.js';
import { paths } from './paths.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { hrefOf } from './router.js';

/** The last run of each item, while the page is open: coming back to a tool shows what it answered. */
const lastRuns = new Map<string, number>();

/**
 * One item's runs: `start` makes a request as the UI's client and follows it (workbench-changed says
 * when to read it again): progress, the wait for consent, then what came back, rendered and as the
 * JSON-RPC request and response; Cancel while it runs.
 */
export function useWorkbenchRun(item: string): {
  run: WorkbenchRunView | undefined;
  start: (request: WorkbenchRequest) => void;
  starting: boolean;
  error: string | undefined;
} {
  const [runId, setRunId] = useState<number | undefined>(() => lastRuns.get(item));
  useEffect(() => setRunId(lastRuns.get(item)), [item]);
  const starter = useHubMutation('startWorkbenchRun');
  const run = useHubQuery('getWorkbenchRun', [runId ?? 0], { enabled: runId !== undefined });
  // A run the hub no longer knows (it restarted) is forgotten quietly.
  const gone = (run.error as { code?: string } | null)?.code === 'not_found';
  useEffect(() => {
    if (gone) {
      lastRuns.delete(item);
      setRunId(undefined);
    }
  }, [gone, item]);
  return {
    run: runId === undefined || gone ? undefined : run.data,
    start: (request) =>
      starter.mutate([request], {
        onSuccess: (r) => {
          lastRuns.set(item, r.id);
          setRunId(r.id);
        },
      }),
    starting: starter.isPending,
    error: messageOf(starter.error) ?? (gone ? undefined : messageOf(run.error)),
  };
}

const STATUS: Record<WorkbenchRunView['status'], { label: string; tone: 'info' | 'success' | 'danger' | 'neutral' }> = {
  running: { label: 'running', tone: 'info' },
  done: { label: 'answered', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
  cancelled: { label: 'cancelled', tone: 'neutral' },
};

export function RunView({ run }: { run: WorkbenchRunView }) {
  const prompts = useHubQuery('listPendingPrompts', []);
  const cancel = useHubMutation('cancelWorkbenchRun');
  const asking = run.status === 'running' && run.callId !== null && (prompts.data ?? []).some((p) => p.callId === run.callId);
  const last = run.progress.at(-1);
  const status = STATUS[run.status];
  const isError = run.rpcResponse !== null && 'result' in run.rpcResponse && run.rpcResponse.result.isError === true;
  return (
    <Section
      id="wb-run"
      title={
        <>
          Run {run.id}{' '}
          <Badge tone={isError ? 'danger' : status.tone} busy={run.status === 'running'}>
            {isError ? 'answered with an error' : status.label}
          </Badge>
        </>
      }
      actions={
        run.status === 'running' ? (
          <Button size="sm" variant="danger" busy={cancel.isPending} onClick={() => cancel.mutate([run.id])}>
            Cancel
          </Button>
        ) : null
      }
    >
      <div className="wb-run-status" role="status" aria-live="polite">
        {run.status === 'running' &&
          (asking ? (
            <p className="wb-asking">Waiting for your answer in the consent prompt: this call, like any client&apos;s, runs only once it is allowed.</p>
          ) : (
            <p>{last?.message ?? 'Running…'}</p>
          ))}
        {run.status === 'running' && last && last.total !== undefined && last.total > 0 && (
          <progress max={last.total} value={Math.min(last.progress, last.total)} aria-label="Progress">
            {Math.round((last.progress / last.total) * 100)}%
          </progress>
        )}
        {run.status === 'cancelled' && <p>Cancelled: the hub told the server, and a prompt still open for it was withdrawn.</p>}
        {run.status !== 'running' && run.durationMs !== null && <p className="muted">Took {formatMs(run.durationMs)}.</p>}
      </div>
      <ErrorLine error={messageOf(cancel.error)} />
      {run.rpcResponse && 'error' in run.rpcResponse && (
        <p className="problem-sentence">
          Error {run.rpcResponse.error.code}: {run.rpcResponse.error.message}
        </p>
      )}
      {run.rpcResponse && 'result' in run.rpcResponse && <McpResult result={run.rpcResponse.result} />}
      {run.callId !== null && (
        <p className="section-note">
          On the Timeline as <a href={hrefOf(paths.call(run.callId))}>call {run.callId}</a>, made by agent-hub-ui.
        </p>
      )}
      {run.logs.length > 0 && (
        <details className="raw-json">
          <summary>Log messages from the server ({run.logs.length})</summary>
          <JsonBlock value={run.logs} label="Log messages" />
        </details>
      )}
      <div className="wb-wire">
        <div>
          <h4 className="subhead">Request</h4>
          <JsonBlock value={run.rpcRequest} label={`Request of run ${run.id}`} />
        </div>
        <div>
          <h4 className="subhead">Response</h4>
          {run.rpcResponse ? (
            <JsonBlock value={run.rpcResponse} label={`Response of run ${run.id}`} />
          ) : (
            <p className="muted">{run.status === 'cancelled' ? 'None: a cancelled request gets no response.' : 'Not yet.'}</p>
          )}
        </div>
      </div>
    </Section>
  );
}
