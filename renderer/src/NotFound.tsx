import { ButtonLink, EmptyState, PageHeader } from './kit/index.js';
import { hrefOf } from './router.js';

/** An address that is no page (a mistyped or old link). */
export function NotFound({ path }: { path: string }) {
  return (
    <section>
      <PageHeader title="No such page" />
      <EmptyState
        title={`Agent Hub has no page at #${path}.`}
        actions={
          <ButtonLink href={hrefOf('/servers')} variant="primary">
            Go to Servers
          </ButtonLink>
        }
      >
        The link may be old, or mistyped. Every page is in the bar at the top.
      </EmptyState>
    </section>
  );
}
