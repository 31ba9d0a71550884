import { createHash } from 'node:crypto';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { StoredEra } from '../store/catalog-cache-repo.js';
import type { UpstreamConfig } from './upstream-config.js';
import type { UpstreamConnection } from './upstream-connection.js';

export type { StoredEra } from '../store/catalog-cache-repo.js';

/**
 * A server's protocol era is found once and remembered with its config (hub.db, server_eras): the next
 * start connects with that verdict and sends no probe. The verdict is checked again when its config
 * changes (another key), when it is older than this, and when a start with it fails in a way that
 * says the server speaks another era now (see suggestsEraChange). A legacy verdict needs the horizon
 * most (an upgraded server still answers initialize, so nothing would ever fail); a modern one carries
 * the server's capabilities as discovered, which a horizon keeps from going stale forever.
 */
export const ERA_HORIZON_MS = 7 * 24 * 3600_000;

/** How long a stdio server gets to answer the probe; silence means legacy (the SDK's stdio rule). */
export const PROBE_TIMEOUT_MS = 3_000;

/** What a connect starts from: a remembered verdict (no probe), or nothing (probe). */
export type PriorEra = { kind: 'modern'; discover: Record<string, unknown> } | { kind: 'legacy' };

/** Where verdicts are kept (CatalogCacheRepo); absent in unit tests that do not care. */
export interface EraStore {
  era(server: string): StoredEra | undefined;
  saveEra(server: string, era: StoredEra): void;
  forgetEra(server: string): void;
}

/** The part of a server's config that decides what answers it: another command, URL, env or header set is another server. */
export function eraKey(config: UpstreamConfig): string {
  if (config.transport === 'a2a') return 'a2a';
  const launch =
    config.transport === 'stdio'
      ? { t: 'stdio', command: config.command, args: config.args, cwd: config.cwd ?? null, env: config.env, secretEnv: config.secretEnv }
      : { t: 'http', url: config.url, command: config.command ?? null, args: config.args, env: config.env, headers: config.headers, secretHeaders: config.secretHeaders, oauth: config.oauth ?? null };
  return createHash('sha256').update(JSON.stringify(launch)).digest('hex').slice(0, 32);
}

/** One server's era memory: read once, written when a probe found the era, dropped when it no longer holds. */
export class EraMemory {
  private loaded = false;
  private stored: StoredEra | undefined;

  constructor(
    private readonly store: EraStore | undefined,
    private readonly config: UpstreamConfig,
    private readonly onError: (what: string, e: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  private get usable(): boolean {
    return this.store !== undefined && this.config.transport !== 'a2a';
  }

  /** The remembered verdict for this config, if any (stale or not). */
  get verdict(): StoredEra | undefined {
    if (!this.usable) return undefined;
    if (!this.loaded) {
      this.loaded = true;
      try {
        const s = this.store!.era(this.config.name);
        this.stored = s && s.configKey === eraKey(this.config) ? s : undefined;
      } catch (e) {
        this.onError('reading the remembered protocol of', e);
      }
    }
    return this.stored;
  }

  /** A verdict to connect with: remembered for this config and younger than the horizon; otherwise probe. */
  prior(): PriorEra | undefined {
    const v = this.verdict;
    if (!v || this.now() - Date.parse(v.checkedAt) > ERA_HORIZON_MS) return undefined;
    return v.era === 'modern' && v.discover ? { kind: 'modern', discover: v.discover } : { kind: 'legacy' };
  }

  /** A probe found the era (this start connected without a prior): remember it with today's date. */
  remember(connection: UpstreamConnection): void {
    if (!this.usable) return;
    const discover = connection.era === 'modern' ? (connection as { discover?: Record<string, unknown> }).discover : undefined;
    const era: StoredEra = {
      configKey: eraKey(this.config),
      era: connection.era,
      protocolVersion: connection.protocolVersion ?? null,
      discover: discover ?? null,
      checkedAt: new Date(this.now()).toISOString(),
    };
    this.stored = era;
    this.loaded = true;
    try {
      this.store!.saveEra(this.config.name, era);
    } catch (e) {
      this.onError('remembering the protocol of', e);
    }
  }

  forget(): void {
    this.stored = undefined;
    this.loaded = true;
    if (!this.usable) return;
    try {
      this.store!.forgetEra(this.config.name);
    } catch (e) {
      this.onError('forgetting the protocol of', e);
    }
  }
}

/**
 * A start with a remembered era failed: does the failure say the server speaks another era now?
 * -32022 (unsupported protocol version: a modern-only server refusing initialize, or a server that
 * dropped 2026-07-28), a failed negotiation, and what a legacy server answers a modern request
 * without a session: method not found, not initialized, a 400/404/405 from HTTP, or a closed
 * connection (a stdio server that exits on what it does not understand).
 */
export function suggestsEraChange(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; name?: unknown };
  const message = typeof err.message === 'string' ? err.message : '';
  if (err.code === -32022 || err.code === 'ERA_NEGOTIATION_FAILED') return true;
  if (err.code === ErrorCode.MethodNotFound || err.code === ErrorCode.ConnectionClosed) return true;
  if (err.code === 400 || err.code === 404 || err.code === 405) return true;
  return answersAnotherEra(e) || /not initialized|no valid session|session not found|the process exited|process has exited/i.test(message);
}

/**
 * A running connection's answer says outright that the server speaks another era now: -32022, or a
 * 2026-07-28 request answered without the resultType every modern result carries (a legacy server).
 */
export function answersAnotherEra(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err.code === -32022 || (typeof err.message === 'string' && /unsupported protocol version|missing required resultType/i.test(err.message));
}

/** The modern-only probe came back without modern evidence: the server is legacy (it answered, or stayed silent on stdio). */
export function noModernEvidence(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err.code === 'ERA_NEGOTIATION_FAILED' && typeof err.message === 'string' && /no modern evidence/.test(err.message);
}

/** The probe's connection closed under it (a stdio server that exits on server/discover, rmcp-style). */
export function closedDuringProbe(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return (err.code === 'ERA_NEGOTIATION_FAILED' && typeof err.message === 'string' && /closed during the server\/discover probe/.test(err.message)) || err.code === 'CONNECTION_CLOSED';
}
