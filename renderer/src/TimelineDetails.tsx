import { ButtonLink, EmptyState, PageHeader } from './kit/index.js';
import { hrefOf } from './router.js';

/**
 * The detail views of one tool call (#/timeline/calls/ID) and one A2A task (#/timeline/tasks/ID).
 * Placeholders: the routes exist (routes.tsx) so links and reloads work; the views themselves are the
 * Timeline's to build (they replace these two components, keeping their names and props).
 */

export function CallDetail({ id }: { id: number | undefined }) {
  return <DetailPlaceholder kind="call" id={id} />;
}

export function TaskDetail({ id }: { id: number | undefined }) {
  return <DetailPlaceholder kind="task" id={id} />;
}

function DetailPlaceholder({ kind, id }: { kind: 'call' | 'task'; id: number | undefined }) {
  const noun = kind === 'call' ? 'Tool call' : 'A2A task';
  return (
    <section className="detail-page">
      <PageHeader
        back={
          <a className="back-link" href={hrefOf('/timeline')}>
            ← Timeline
          </a>
        }
        title={id === undefined ? `No such ${kind}` : `${noun} ${id}`}
      />
      <EmptyState
        title={id === undefined ? `This address names no ${kind}: its id must be a number.` : `The details of ${kind === 'call' ? 'a call' : 'a task'} are not shown here yet.`}
        actions={
          <ButtonLink href={hrefOf('/timeline')} variant="secondary">
            Back to the timeline
          </ButtonLink>
        }
      >
        The Timeline lists every {kind === 'call' ? 'tool call' : 'A2A task'} with what happened to it.
      </EmptyState>
    </section>
  );
}
