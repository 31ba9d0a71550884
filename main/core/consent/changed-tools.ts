import type { ChangedToolView } from '../../../shared/consent.js';
import type { ConsentRepo } from '../store/consent-repo.js';
import { diffDefinitions } from './tool-definition.js';

/** Approved tools whose definition changed since, each with a line diff (the Consent page and `consent changed`). */
export function changedTools(repo: ConsentRepo): ChangedToolView[] {
  return repo.changedTools().map(({ approved, now, ...rest }) => ({ ...rest, diff: diffDefinitions(approved, now) }));
}
