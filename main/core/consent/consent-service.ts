import { EventEmitter } from 'node:events';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ConsentIn } from '../../../shared/clients.js';
import type { ConsentPromptView, PromptDetails, Remember } from '../../../shared/consent.js';
import type { ConsentRepo } from '../store/consent-repo.js';
import { capArguments } from '../store/tool-calls-repo.js';
import { silentLogger, type Logger } from '../hub-log.js';
import { answerPrompt } from './answer-prompt.js';
import { consentElicitation, parseConsentAnswer } from './client-consent.js';
import { WITHDRAWN, type ConsentDecision, type ConsentDenial, type ConsentGate, type ToolCallRequest } from './consent-gate.js';
import { decide, serverDenyRule, type Rule } from './consent-policy.js';
import { definitionOf, diffDefinitions, hashDefinition, hiddenCharacterFields, pinnedBeforeTitles, type ToolDefinition } from './tool-definition.js';

/**
 * 50 s: a client on the MCP TypeScript SDK gives up on a request after 60 s by default (and does not
 * reset that timer on progress unless it asked to), so a prompt nobody answers must end before that for
 * the model to read the hub's sentence rather than "Request timed out", and for a late answer not to go
 * nowhere. Clients that wait longer can have a longer timeout (setting `consent-timeout`).
 */
export const DEFAULT_CONSENT_TIMEOUT_MS = 50_000;

export const DENIED_BY_USER = 'The user denied this call in Agent Hub.';
/** A denial given in the client app: the model should not look for it in Agent Hub. */
export const DENIED_IN_CLIENT = 'The user denied this call.';

/** Prompts one client may have waiting at once; a call beyond that is refused with a sentence. */
export const MAX_PENDING_PER_CLIENT = 10;

/** While a prompt waits, the client hears so this often (progress keeps clients that reset on it waiting). */
export const WAITING_NOTICE_MS = 10_000;

interface Waiter {
  resolve: (d: ConsentDecision) => void;
  timer: NodeJS.Timeout;
  notices: NodeJS.Timeout | undefined;
  expiresAt: string;
  server: string;
  client: string;
  /** The arguments whole (hub.db keeps them capped like call records): only in memory, only while pending. */
  arguments: unknown;
  /** Aborts the question in the client app once another surface answered. */
  clientAsk: AbortController | undefined;
}

export interface ConsentServiceOptions {
  timeoutMs?: () => number;
  /**
   * Changes when another process (the CLI) writes hub.db; the rules are reloaded before a decision
   * whenever it moved, so a rule added a moment ago always applies to the next call.
   */
  dataVersion?: () => number;
  /** Where a client is asked (the `consent_in` of the client); 'hub' when not given. */
  consentIn?: (client: string) => ConsentIn;
  logger?: Logger;
}

/**
 * The consent gate of the hub: rules decide when they can; otherwise a prompt goes to every surface the
 * client is asked on (events for the UI and notifications, a row in hub.db for the CLI, an elicitation
 * in the client app) and the call waits for the first answer, the timeout (a denial) or the end of its
 * reason to exist (the prompt is withdrawn).
 *
 * Events: 'prompt' (ConsentPromptView) when one opens on the hub's surfaces, 'settled'
 * (ConsentPromptView) when one closes, 'rules-changed' when rules or approved definitions changed.
 */
export class ConsentService extends EventEmitter implements ConsentGate {
  private rules: Rule[];
  private rulesVersion: number;
  private readonly waiting = new Map<number, Waiter>();
  private readonly timeoutMs: () => number;
  private readonly dataVersion: () => number;
  private readonly consentIn: (client: string) => ConsentIn;
  private readonly log: Logger;

  constructor(
    private readonly repo: ConsentRepo,
    options: ConsentServiceOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? (() => DEFAULT_CONSENT_TIMEOUT_MS);
    this.dataVersion = options.dataVersion ?? (() => 0);
    this.consentIn = options.consentIn ?? (() => 'hub');
    this.log = options.logger ?? silentLogger;
    repo.dropSessionRules();
    repo.withdrawStalePrompts();
    this.rules = repo.policyRules();
    this.rulesVersion = this.dataVersion();
  }

  async decide(req: ToolCallRequest): Promise<ConsentDecision> {
    this.refreshRules();
    const { definition, hash } = this.hashed(req.definition, req.tool);
    const pin = this.pinOf(req.server, req.tool, definition, hash);
    const d = decide(
      { client: req.client, sessionId: req.sessionId, server: req.server, tool: req.tool, toolHash: hash, pinnedHash: pin?.hash },
      this.rules,
    );

    if (d.kind === 'allow') {
      // Trust on first use: a rule allowed a tool the user never saw; what it allowed is what is pinned.
      if (!pin && d.rule.definitionHash === undefined) this.repo.setPin(req.server, req.tool, hash, definition);
      return { allow: true, by: `rule ${d.rule.id}: allow` };
    }
    if (d.kind === 'deny') return ruleDenial(d.rule);
    if (req.signal.aborted) return this.withdrawnDecision(req.signal.reason);
    if ([...this.waiting.values()].filter((w) => w.client === req.client).length >= MAX_PENDING_PER_CLIENT) {
      return {
        allow: false,
        by: 'not asked (too many prompts waiting)',
        message: `Agent Hub already has ${MAX_PENDING_PER_CLIENT} calls from ${req.client} waiting for the user; wait for those to be answered, then try again.`,
      };
    }

    const details: PromptDetails = {
      ...(req.definition.title !== undefined ? { title: req.definition.title } : {}),
      ...(definition.description !== undefined ? { description: definition.description } : {}),
      ...(req.definition.annotations ? { annotations: req.definition.annotations as Record<string, unknown> } : {}),
      arguments: req.arguments ?? {},
      hiddenCharacters: hiddenCharacterFields(definition),
      ...(d.reason === 'changed' && pin ? { diff: diffDefinitions(pin.definition, definition) } : {}),
      definition,
      definitionHash: hash,
    };
    const wanted = this.consentIn(req.client);
    // A session that cannot be asked (no elicitation) is asked in the hub, whatever the setting.
    const askIn = wanted !== 'hub' && req.askClient ? wanted : 'hub';
    let id: number;
    try {
      id = this.repo.createPrompt({
        callId: req.callId,
        client: req.client,
        sessionId: req.sessionId,
        server: req.server,
        tool: req.tool,
        reason: d.reason,
        details: storedDetails(details),
        askIn,
      });
    } catch (e) {
      // A prompt nobody can see (a full disk, a locked hub.db) must not leave the call waiting: no answer, no call.
      return { allow: false, by: 'not asked (the prompt could not be saved)', message: `Agent Hub could not ask the user, so the call was not made: ${(e as Error).message}` };
    }
    return new Promise<ConsentDecision>((resolve) => {
      const ms = this.timeoutMs();
      const timer = setTimeout(() => this.expire(id, ms), ms);
      timer.unref();
      const waiter: Waiter = {
        resolve,
        timer,
        notices: undefined,
        expiresAt: new Date(Date.now() + ms).toISOString(),
        server: req.server,
        client: req.client,
        arguments: details.arguments,
        clientAsk: undefined,
      };
      this.waiting.set(id, waiter);
      req.signal.addEventListener('abort', () => this.withdraw(id, withdrawalReason(req.signal.reason)), { once: true });
      if (req.waiting) {
        const where = askIn === 'client' ? `in ${req.client}` : 'in Agent Hub';
        const notice = () => req.waiting!(`Waiting for the user's approval ${where}.`);
        notice();
        waiter.notices = setInterval(notice, WAITING_NOTICE_MS);
        waiter.notices.unref();
      }
      const view = this.view(id);
      if (askIn !== 'hub') this.askInClient(view, req);
      if (askIn !== 'client') this.emit('prompt', view);
    });
  }

  /**
   * A deny rule for a whole server (tool `*`) also refuses its resources, prompts and completions;
   * undefined when none applies. These requests never prompt.
   */
  deniesServer(client: string, sessionId: string, server: string): ConsentDenial | undefined {
    this.refreshRules();
    const rule = serverDenyRule(client, sessionId, server, this.rules);
    return rule && ruleDenial(rule);
  }

  /** The tool's pin, with a pin from before titles were pinned brought up to date (see pinnedBeforeTitles). */
  private pinOf(server: string, tool: string, definition: ToolDefinition, hash: string): { hash: string; definition: ToolDefinition } | undefined {
    const pin = this.repo.pin(server, tool);
    if (!pin || pin.hash === hash || !pinnedBeforeTitles(pin, definition)) return pin;
    this.repo.setPin(server, tool, hash, definition);
    return { hash, definition };
  }

  /** A published tool object lives as long as its catalog: its definition is hashed once. */
  private readonly hashes = new WeakMap<object, { definition: ToolDefinition; hash: string }>();

  private hashed(tool: Tool, originalName: string): { definition: ToolDefinition; hash: string } {
    let h = this.hashes.get(tool);
    if (!h) {
      const definition = definitionOf(tool, originalName);
      h = { definition, hash: hashDefinition(definition) };
      this.hashes.set(tool, h);
    }
    return h;
  }

  /** Prompts waiting on the hub's surfaces (the dialog, notifications), each with when it expires. */
  pending(): ConsentPromptView[] {
    return this.repo
      .pendingPrompts()
      .filter((p) => p.askIn !== 'client')
      .map((p) => this.withMemory(p));
  }

  /** An answer from a surface of this hub (UI, notification, the client app). The first answer wins. */
  answer(id: number, effect: 'allow' | 'deny', remember: Remember, answeredBy: string): ConsentPromptView {
    const settled = answerPrompt(this.repo, id, effect, remember, answeredBy);
    this.rules = this.repo.policyRules();
    this.settle(settled);
    if (remember !== 'once' || effect === 'allow') this.emit('rules-changed');
    return settled;
  }

  /** Rules or answers written by another process (the CLI): reload rules, settle answered prompts. */
  sync(): void {
    this.rules = this.repo.policyRules();
    for (const id of this.waiting.keys()) {
      const p = this.repo.prompt(id);
      if (p && p.status !== 'pending') this.settle(p);
    }
    this.emit('rules-changed');
  }

  /** A rule made or revoked in this process. */
  rulesChanged(): void {
    this.rules = this.repo.policyRules();
    this.emit('rules-changed');
  }

  /** The gateway reports each server's current tools, so a changed approved tool is listed at once. */
  observe(server: string, tools: readonly Tool[]): void {
    let changed = false;
    for (const tool of tools) {
      const def = definitionOf(tool, tool.name);
      try {
        const hash = hashDefinition(def);
        this.pinOf(server, tool.name, def, hash);
        changed = this.repo.markChanged(server, tool.name, hash, def) || changed;
      } catch (e) {
        // Best effort: the call itself still checks the pin.
        this.log.warn(`noting a change to the approved tool "${tool.name}" of "${server}"`, e);
      }
    }
    if (changed) this.emit('rules-changed');
  }

  /** Withdraws the prompts of calls to servers that are gone (removed or disabled: those calls cannot run). */
  withdrawGone(isLive: (server: string) => boolean): void {
    for (const [id, w] of [...this.waiting]) if (!isLive(w.server)) this.withdraw(id, `server "${w.server}" was removed or disabled`);
  }

  dispose(): void {
    for (const id of [...this.waiting.keys()]) this.withdraw(id, 'Agent Hub stopped');
  }

  private refreshRules(): void {
    const version = this.dataVersion();
    if (version === this.rulesVersion) return;
    this.rulesVersion = version;
    this.rules = this.repo.policyRules();
  }

  /**
   * Asks in the client app. Its answer settles the prompt like any other (first answer wins). A client
   * that fails to ask, or the user dismissing the question, leaves the prompt to the hub: for a prompt
   * asked in the client alone, a dismissal is a denial (nobody else is asked), and a failure moves the
   * prompt to the hub's surfaces so the call is not lost.
   */
  private askInClient(prompt: ConsentPromptView, req: ToolCallRequest): void {
    const waiter = this.waiting.get(prompt.id)!;
    const controller = (waiter.clientAsk = new AbortController());
    req.askClient!(consentElicitation(prompt), controller.signal).then(
      (answer) => {
        if (controller.signal.aborted || !this.waiting.has(prompt.id)) return;
        const parsed = parseConsentAnswer(answer);
        if (parsed === 'dismissed' && prompt.askIn === 'both') return;
        const { effect, remember } = parsed === 'dismissed' ? { effect: 'deny' as const, remember: 'once' as const } : parsed;
        try {
          this.answer(prompt.id, effect, remember, 'client');
        } catch {
          // Answered elsewhere a moment before: the first answer won.
        }
      },
      () => {
        if (controller.signal.aborted || !this.waiting.has(prompt.id) || prompt.askIn !== 'client') return;
        this.repo.setAskIn(prompt.id, 'hub');
        this.emit('prompt', this.view(prompt.id));
      },
    );
  }

  private settle(p: ConsentPromptView): void {
    const w = this.take(p.id);
    if (!w) return;
    const by = `user (${p.answeredBy ?? 'unknown'}): ${p.status === 'allowed' ? 'allow' : 'deny'} ${p.remember ?? 'once'}`;
    w.resolve(p.status === 'allowed' ? { allow: true, by } : { allow: false, by, message: p.answeredBy === 'client' ? DENIED_IN_CLIENT : DENIED_BY_USER });
    this.emit('settled', p);
  }

  private expire(id: number, ms: number): void {
    if (!this.repo.settlePrompt(id, 'timeout', null, null)) return this.sync();
    const w = this.take(id);
    const seconds = Math.round(ms / 1000);
    w?.resolve({
      allow: false,
      by: `timeout after ${seconds} s`,
      message: `The user did not answer the Agent Hub prompt for this call within ${seconds} s, so it was not made.`,
    });
    this.emit('settled', this.repo.prompt(id)!);
  }

  private withdraw(id: number, reason: string): void {
    const w = this.take(id);
    if (!w) return;
    try {
      this.repo.settlePrompt(id, 'withdrawn', null, null);
    } catch (e) {
      // A full disk: the prompt row stays pending until the next start withdraws it; the call still ends.
      this.log.warn(`marking prompt ${id} withdrawn`, e);
    }
    w.resolve(this.withdrawnDecision(reason));
    this.emit('settled', this.repo.prompt(id)!);
  }

  private withdrawnDecision(reason: unknown): ConsentDenial {
    const why = withdrawalReason(reason);
    const message = why === WITHDRAWN.cancelled ? 'The call was cancelled while Agent Hub was asking the user.' : `The call was withdrawn while Agent Hub was asking the user: ${why}.`;
    return { allow: false, by: `withdrawn (${why})`, message };
  }

  /** Removes a waiter and stops everything it runs (timer, notices, the question in the client). */
  private take(id: number): Waiter | undefined {
    const w = this.waiting.get(id);
    if (!w) return undefined;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    clearInterval(w.notices);
    w.clientAsk?.abort();
    return w;
  }

  private view(id: number): ConsentPromptView {
    return this.withMemory(this.repo.prompt(id)!);
  }

  /** A stored prompt with what only memory holds while it waits: its whole arguments and its expiry. */
  private withMemory(p: ConsentPromptView): ConsentPromptView {
    const w = this.waiting.get(p.id);
    return w ? { ...p, details: { ...p.details, arguments: w.arguments }, expiresAt: w.expiresAt } : p;
  }
}

/** What hub.db keeps of a prompt: its arguments capped like a call record's (a prompt must not be a way to fill the disk). */
function storedDetails(details: PromptDetails): PromptDetails {
  return { ...details, arguments: JSON.parse(capArguments(details.arguments)) as unknown };
}

function ruleDenial(rule: Rule): ConsentDenial {
  return { allow: false, by: `rule ${rule.id}: deny`, message: `A rule in Agent Hub denies this call (rule ${rule.id}); the user can change it in Agent Hub.` };
}

/**
 * The record says why in the hub's own words: the gateway aborts with one of WITHDRAWN's reasons (or
 * another sentence of its own); the SDK aborts with the client's free text on cancellation and with
 * nothing when the session closes.
 */
function withdrawalReason(reason: unknown): string {
  if (typeof reason !== 'string') return WITHDRAWN.sessionEnded;
  return Object.values(WITHDRAWN).includes(reason as never) || /^(server|agent) "/.test(reason) || reason === 'Agent Hub stopped' ? reason : WITHDRAWN.cancelled;
}
