import { EventEmitter } from 'node:events';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ConsentPromptView, PromptDetails, Remember } from '../../../shared/consent.js';
import type { ConsentRepo } from '../store/consent-repo.js';
import { answerPrompt } from './answer-prompt.js';
import type { ConsentDecision, ConsentGate, ToolCallRequest } from './consent-gate.js';
import { decide, type Rule } from './consent-policy.js';
import { definitionOf, diffDefinitions, hashDefinition, hiddenCharacterFields, type ToolDefinition } from './tool-definition.js';

export const DEFAULT_CONSENT_TIMEOUT_MS = 120_000;

export const DENIED_BY_USER = 'The user denied this call in Agent Hub.';

interface Waiter {
  resolve: (d: ConsentDecision) => void;
  timer: NodeJS.Timeout;
  expiresAt: string;
}

/**
 * The consent gate of the hub: rules decide when they can; otherwise a prompt goes to every surface at
 * once (events for the UI and notifications, a row in hub.db for the CLI) and the call waits for the
 * first answer, the timeout (a denial) or the client's cancellation (the prompt is withdrawn).
 *
 * Events: 'prompt' (ConsentPromptView) when one opens, 'settled' (ConsentPromptView) when it closes.
 */
export class ConsentService extends EventEmitter implements ConsentGate {
  private rules: Rule[];
  private rulesVersion: number;
  private readonly waiting = new Map<number, Waiter>();

  /**
   * `dataVersion` changes when another process (the CLI) writes hub.db; the rules are reloaded before a
   * decision whenever it moved, so a rule added a moment ago always applies to the next call.
   */
  constructor(
    private readonly repo: ConsentRepo,
    private readonly timeoutMs: () => number = () => DEFAULT_CONSENT_TIMEOUT_MS,
    private readonly dataVersion: () => number = () => 0,
  ) {
    super();
    repo.dropSessionRules();
    repo.withdrawStalePrompts();
    this.rules = repo.policyRules();
    this.rulesVersion = dataVersion();
  }

  async decide(req: ToolCallRequest): Promise<ConsentDecision> {
    const version = this.dataVersion();
    if (version !== this.rulesVersion) {
      this.rulesVersion = version;
      this.rules = this.repo.policyRules();
    }
    const { definition, hash } = this.hashed(req.definition, req.tool);
    const pin = this.repo.pin(req.server, req.tool);
    const d = decide(
      { client: req.client, sessionId: req.sessionId, server: req.server, tool: req.tool, toolHash: hash, pinnedHash: pin?.hash },
      this.rules,
    );

    if (d.kind === 'allow') {
      // Trust on first use: a rule allowed a tool the user never saw; what it allowed is what is pinned.
      if (!pin) this.repo.setPin(req.server, req.tool, hash, definition);
      return { allow: true, by: `rule ${d.rule.id}: allow` };
    }
    if (d.kind === 'deny') {
      return { allow: false, by: `rule ${d.rule.id}: deny`, message: `A rule in Agent Hub denies this call (rule ${d.rule.id}); the user can change it in Agent Hub.` };
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
    const callId = req.record();
    const id = this.repo.createPrompt({
      callId: callId < 0 ? null : callId,
      client: req.client,
      sessionId: req.sessionId,
      server: req.server,
      tool: req.tool,
      reason: d.reason,
      details,
    });
    return new Promise<ConsentDecision>((resolve) => {
      const ms = this.timeoutMs();
      const timer = setTimeout(() => this.expire(id, ms), ms);
      timer.unref();
      this.waiting.set(id, { resolve, timer, expiresAt: new Date(Date.now() + ms).toISOString() });
      req.signal.addEventListener('abort', () => this.withdraw(id), { once: true });
      this.emit('prompt', this.view(id));
    });
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

  /** Pending prompts, each with when it expires. */
  pending(): ConsentPromptView[] {
    return this.repo.pendingPrompts().map((p) => ({ ...p, expiresAt: this.waiting.get(p.id)?.expiresAt }));
  }

  /** An answer from a surface of this hub (UI, notification). The first answer wins. */
  answer(id: number, effect: 'allow' | 'deny', remember: Remember, answeredBy: string): ConsentPromptView {
    const settled = answerPrompt(this.repo, id, effect, remember, answeredBy);
    this.rules = this.repo.policyRules();
    this.settle(settled);
    return settled;
  }

  /** Rules or answers written by another process (the CLI): reload rules, settle answered prompts. */
  sync(): void {
    this.rules = this.repo.policyRules();
    for (const id of this.waiting.keys()) {
      const p = this.repo.prompt(id);
      if (p && p.status !== 'pending') this.settle(p);
    }
  }

  /** A rule made or revoked in this process. */
  rulesChanged(): void {
    this.rules = this.repo.policyRules();
  }

  /** The gateway reports each server's current tools, so a changed approved tool is listed at once. */
  observe(server: string, tools: readonly Tool[]): void {
    for (const tool of tools) {
      const def = definitionOf(tool, tool.name);
      try {
        this.repo.markChanged(server, tool.name, hashDefinition(def), def);
      } catch {
        // Best effort: the call itself still checks the pin.
      }
    }
  }

  dispose(): void {
    for (const id of [...this.waiting.keys()]) this.withdraw(id);
  }

  private settle(p: ConsentPromptView): void {
    const w = this.waiting.get(p.id);
    if (!w) return;
    this.waiting.delete(p.id);
    clearTimeout(w.timer);
    const by = `user (${p.answeredBy ?? 'unknown'}): ${p.status === 'allowed' ? 'allow' : 'deny'} ${p.remember ?? 'once'}`;
    w.resolve(p.status === 'allowed' ? { allow: true, by } : { allow: false, by, message: DENIED_BY_USER });
    this.emit('settled', p);
  }

  private expire(id: number, ms: number): void {
    if (!this.repo.settlePrompt(id, 'timeout', null, null)) return this.sync();
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    const p = this.repo.prompt(id)!;
    const seconds = Math.round(ms / 1000);
    w?.resolve({
      allow: false,
      by: `timeout after ${seconds} s`,
      message: `The user did not answer the Agent Hub prompt for this call within ${seconds} s, so it was not made.`,
    });
    this.emit('settled', p);
  }

  private withdraw(id: number): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    this.repo.settlePrompt(id, 'withdrawn', null, null);
    const p = this.repo.prompt(id)!;
    w.resolve({ allow: false, by: 'withdrawn (the client cancelled the call)', message: 'The call was cancelled while Agent Hub was asking the user.' });
    this.emit('settled', p);
  }

  private view(id: number): ConsentPromptView {
    return { ...this.repo.prompt(id)!, expiresAt: this.waiting.get(id)?.expiresAt };
  }
}
