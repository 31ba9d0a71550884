import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { HubApi } from '../../../shared/hub-api.js';
import type { ViewEvents } from '../../../renderer/src/event-stream.js';
import { HubQueryProvider } from '../../../renderer/src/query.js';

/**
 * Renders a page or part of the UI as the App does: under a HubQueryProvider with `api` (and `events`,
 * or polling without them). Each call has its own query cache.
 */
export function renderWithHub(ui: ReactElement, api: HubApi, events?: ViewEvents): RenderResult {
  return render(
    <HubQueryProvider api={api} events={events}>
      {ui}
    </HubQueryProvider>,
  );
}
