import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-gateway.js';
import { migration0003 } from './0003-consent.js';
import { migration0004 } from './0004-ui-codes.js';
import { migration0005 } from './0005-sign-ins.js';
import { migration0006 } from './0006-a2a.js';
import { migration0007 } from './0007-agent-sign-ins.js';
import { migration0008 } from './0008-consent-trust.js';
import { migration0009 } from './0009-limits-and-a2a-requests.js';
import { migration0010 } from './0010-client-profiles.js';
import { migration0011 } from './0011-call-details.js';
import { migration0012 } from './0012-server-eras.js';

export type { Migration } from './migration.js';
import type { Migration } from './migration.js';


/** Append only. A released migration is never edited: add a new one. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012];

export const latestVersion = migrations.length;
