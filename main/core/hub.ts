import path from 'node:path';
import { ErrorCodes, HubError } from '../../shared/errors.js';
import type { ConsentGate } from './consent/consent-gate.js';
import { ConsentService } from './consent/consent-service.js';
import { appFiles } from './app-files.js';
import type { BrowserUi } from './admin/browser-ui.js';
import type { HubServices } from './admin/hub-services.js';
import type { HubEvent } from '../../shared/hub-events.js';
import { Gateway, type GatewayOptions } from './gateway/gateway.js';
import { EventBus } from './event-bus.js';
import { startHttpServer, type HubHttpServer } from './gateway/http-server.js';
import { sendJson } from './http-helpers.js';
import { createMcpEndpoint } from './gateway/mcp-endpoint.js';
import { isAlive, readRuntimeInfo, removeRuntimeInfo, writeRuntimeInfo } from './runtime-file.js';
import { openStore, type Store } from './store/store.js';
import { acquireHubLock } from './store/hub-lock.js';
import { createHubLog, type Logger } from './hub-log.js';
import { guardWrite } from './store/sql-errors.js';
import { createKeytarStore } from './secrets/keytar-store.js';
import { createServerSecretsResolver } from './secrets/server-secrets.js';
import type { SecretStore } from './secrets/secret-store.js';
import { oauthKeyPrefix } from './secrets/secret-keys.js';
import { AuthManager, serverOAuthTarget } from './auth/auth-manager.js';
import type { A2AService } from './a2a/a2a-service.js';
import type { A2AFrontDoor } from './gateway/a2a-front-door.js';
import { agentUpstreams } from './upstream/upstream-config.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { redactSecrets } from './secrets/redact.js';

/** How long the running hub's writes wait for another program's lock on hub.db before retrying later. */
const HUB_BUSY_TIMEOUT_MS = 50;

const LIMITS_READ_AGAIN: ReadonlySet<HubEvent['type']> = new Set(['limits-changed', 'clients-changed', 'servers-changed']);

export interface HubOptions {
  dataDir: string;
  /** 0 picks a free port; by default the "port" setting. */
  port?: number;
  nativeBinding?: string;
  version?: string;
  /** Decides every tool call; by default the user's rules and prompts (ConsentService). */
  consent?: ConsentGate;
  /** How often to look for configuration changes made by other processes (the CLI). */
  configPollMs?: number;
  /** Where secrets live; by default the OS keychain (touched only when a server has secrets). */
  secrets?: SecretStore;
  gateway?: Pick<GatewayOptions, 'backoff' | 'startTimeoutMs' | 'readyTimeoutMs' | 'callTimeoutMs' | 'startDelayMs'>;
  /** The endpoint's fast path for tools/call and tools/list (see McpEndpointOptions); on unless a test turns it off. */
  fastPath?: boolean;
  /** Where the hub's own failures go; by default logs/hub.log in the data folder. */
  logger?: Logger;
}

export interface Hub extends HubServices {
  readonly url: string;
  /** The rate limits every tool call (and the A2A front door) takes a token from. */
  readonly limiter: RateLimiter;
  /** A one-time link that signs a browser in to the UI. */
  uiLink(): string;
  /** What changed, for UIs to refresh (browser mode's server-sent events, the desktop window's IPC). */
  onEvent(listener: (event: HubEvent) => void): () => void;
  dispose(): Promise<void>;
}

/** Builds every service of a running hub. Hosts (the CLI's serve, the Electron app) call this once. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const running = readRuntimeInfo(options.dataDir);
  if (running && running.pid !== process.pid) {
    throw new HubError(ErrorCodes.conflict, `Agent Hub is already running for ${options.dataDir} at ${running.url} (pid ${running.pid}).`);
  }
  const version = options.version ?? 'dev';
  const hubLog = options.logger ? undefined : createHubLog(options.dataDir);
  const events = new EventBus();
  const log = options.logger ?? hubLog!;
  // Before hub.db is opened: a second hub on this folder stops here, however close its start.
  const lock = acquireHubLock(options.dataDir, options.nativeBinding);
  let store: Store;
  try {
    store = openStore(options.dataDir, { nativeBinding: options.nativeBinding });
    guardWrite(store.file, () => {
      store.toolCalls.markInterrupted();
      store.clients.pruneConnectTokens(isAlive);
    });
  } catch (e) {
    lock.release();
    throw e;
  }

  // keytar loads on the first secret read or write, not here: start-up stays as fast without secrets.
  const secrets = options.secrets ?? createKeytarStore();
  const auth = new AuthManager(secrets, (owner, name) => oauthKeyPrefix(store.hubId(), owner, name), { server: store.signIns, agent: store.agentSignIns });
  const consent = new ConsentService(store.consent, {
    timeoutMs: () => store.settings.get('consent-timeout') * 1000,
    dataVersion: () => store.dataVersion(),
    consentIn: (client) => store.clients.consentIn(client),
    logger: log,
  });
  const limiter = new RateLimiter(store.rateLimits, { dataVersion: () => store.dataVersion() });
  const gateway = new Gateway({
    version,
    logDir: path.join(options.dataDir, 'logs'),
    consent: options.consent ?? consent,
    limiter,
    logger: log,
    observeTools: (server, tools) => consent.observe(server, tools),
    profileOf: (client) => store.clients.profile(client),
    toolCalls: store.toolCalls,
    catalogCache: store.catalogCache,
    resolveSecrets: createServerSecretsResolver(secrets, () => store.hubId()),
    authProvider: (config) => {
      const target = serverOAuthTarget(config);
      return target && auth.providerFor(target);
    },
    heldSecrets: (name) => a2a?.heldSecretValues(name) ?? [],
    openA2A: async (config) => {
      const service = await loadA2A();
      return config.agent ? service.connect(config.agent) : service.tasksServer();
    },
    ...options.gateway,
  });
  // A task's events keep what the agent said, without its credential should it repeat it.
  store.tasks.redactWith((agent, value) => redactSecrets(value, gateway.upstreams.get(agent)?.secretNeedles.list() ?? []));
  // The A2A side (and @a2a-js/sdk) loads when the first agent connects: a hub without agents never pays for it.
  let a2a: A2AService | undefined;
  let a2aLoading: Promise<A2AService> | undefined;
  const loadA2A = () =>
    (a2aLoading ??= import('./a2a/a2a-service.js').then(
      ({ A2AService }) =>
        (a2a = new A2AService({
          cards: store.agentCards,
          tasks: store.tasks,
          secrets,
          auth,
          hubId: () => store.hubId(),
          onTasksChanged: () => events.emit('tasks-changed'),
          note: (agent, line) => gateway.upstreams.get(agent)?.log.note(line),
        })),
    ));
  const endpoint = createMcpEndpoint(gateway, store.clients, version, { fastPath: options.fastPath ?? true, logger: log });

  // After any change (the UI's or the CLI's): apply it, re-describe agents whose card was accepted, and
  // tell every open UI, since a change made through one window does not reach another by itself. A
  // prompt for a server that is gone or disabled is withdrawn: its call cannot run.
  const reload = async () => {
    await gateway.reconcile([...store.servers.list(), ...agentUpstreams(store.agents.list())]);
    consent.withdrawGone((server) => gateway.upstreams.has(server));
    gateway.reloadProfiles();
    a2a?.refreshListings();
    events.emit('servers-changed');
  };
  let port = 0;
  // The browser UI (and the zod contract of its API) loads on its first request: a hub that only MCP
  // clients use never pays for it at start-up. Until then no page is open, so no event has a listener.
  let ui: BrowserUi | undefined;
  let uiLoading: Promise<BrowserUi> | undefined;
  const loadUi = () =>
    (uiLoading ??= Promise.all([import('./admin/browser-ui.js'), import('./admin/hub-api.js')]).then(
      ([{ createBrowserUi }, { createHubApi }]) =>
        (ui = createBrowserUi({
          api: createHubApi({ store, consent, reload, gateway, auth, secrets, dataDir: options.dataDir, port, log, notify: (event) => events.emit(event.type) }, 'browser'),
          codes: store.uiCodes,
          rendererDir: appFiles.renderer,
          port: () => port,
          onInternalError: (what, e) => log.warn(`the UI's ${what} failed`, e),
        })),
    ));
  // The A2A front door (and @a2a-js/sdk's server side) loads on its first request, like the UI.
  let frontDoorLoading: Promise<A2AFrontDoor> | undefined;
  const loadFrontDoor = () =>
    (frontDoorLoading ??= import('./gateway/a2a-front-door.js').then(({ createA2AFrontDoor }) =>
      createA2AFrontDoor({
        clients: store.clients,
        enabledAgent: (name) => {
          const agent = store.agents.get(name);
          return agent?.enabled ? agent : undefined;
        },
        enabledAgents: () => store.agents.list().filter((a) => a.enabled),
        sees: (client, agent) => gateway.views.of(client).sees(agent),
        service: loadA2A,
        // The catalog and the card read hub.db, so an agent enabled from the CLI a moment ago is listed
        // before the next poll applies it: apply it now (a round under way first, then this change).
        secretsOf: (name) => gateway.upstreams.get(name)?.secretNeedles.list() ?? [],
        connected: async (name) => {
          for (let round = 0; round < 2 && !gateway.upstreams.has(name); round++) await catchUp();
          return gateway.connected(name);
        },
        consent: options.consent ?? consent,
        limiter,
        toolCalls: store.toolCalls,
        tasks: store.tasks,
        recorded: () => events.emit('calls-changed'),
        tasksChanged: () => events.emit('tasks-changed'),
        note: (agent, line) => gateway.upstreams.get(agent)?.log.note(line),
        baseUrl: () => `http://127.0.0.1:${port}`,
        version,
      }),
    ));
  events.listen((event) => ui?.push(event));
  // Limits set here, or gone with the client, server or agent they named (a trigger): read them again.
  events.listen((event) => LIMITS_READ_AGAIN.has(event.type) && limiter.changed());
  consent.on('prompt', () => events.emit('prompts-changed'));
  consent.on('settled', () => events.emit('prompts-changed'));
  consent.on('rules-changed', () => events.emit('rules-changed'));
  gateway.onUpstreamState(() => events.emit('servers-changed'));
  gateway.onCall(() => events.emit('calls-changed'));

  let http: HubHttpServer;
  try {
    http = await startHttpServer(
      options.port ?? store.settings.get('port'),
      {
        '/health': (_req, res) => sendJson(res, 200, { ok: true, version }),
        '/mcp': endpoint.handle,
        '/a2a/': async (req, res) => (await loadFrontDoor()).handle(req, res),
        '/.well-known/agent-hub.json': async (req, res) => (await loadFrontDoor()).catalog(req, res),
      },
      async (req, res) => (await loadUi()).handle(req, res),
      (what, e) => log.warn(`answering ${what}`, e),
    );
    port = http.port;
  } catch (e) {
    store.close();
    lock.release();
    throw e;
  }
  writeRuntimeInfo(options.dataDir, { pid: process.pid, port: http.port, url: http.url, startedAt: new Date().toISOString() });

  // Servers start in the background: the endpoint answers from the cached catalog meanwhile.
  void reload();

  // The CLI writes to hub.db from another process; data_version tells us when, cheaply.
  let seen = store.dataVersion();
  let catchingUp: Promise<void> | undefined;
  /** Applies what another process changed in hub.db; one round at a time (a caller during one waits for it). */
  const catchUp = (): Promise<void> => {
    if (catchingUp) return catchingUp;
    const now = store.dataVersion();
    if (now === seen) return Promise.resolve();
    seen = now;
    // A removed client loses its open sessions too, not only its token.
    endpoint.prune((name) => store.clients.exists(name));
    consent.sync();
    events.emit('clients-changed');
    events.emit('limits-changed');
    // The CLI may have signed in or out (`agent-hub login`): read the keychain afresh.
    auth.reloadAll();
    a2a?.reloadCredentials();
    catchingUp = reload()
      .catch((e: unknown) => log.warn('applying a change made by another process', e))
      .finally(() => (catchingUp = undefined));
    return catchingUp;
  };
  const poll = setInterval(() => void catchUp(), options.configPollMs ?? 250);
  poll.unref();
  const sweep = setInterval(() => endpoint.prune((name) => store.clients.exists(name)), 60_000);
  sweep.unref();
  // History older than the "history-days" setting goes, now (after the first requests) and hourly.
  const pruneHistory = () => {
    try {
      const days = store.settings.get('history-days');
      const before = new Date(Date.now() - days * 86_400_000).toISOString();
      if (store.toolCalls.pruneBefore(before) > 0) events.emit('calls-changed');
      store.consent.prunePromptsBefore(before);
      if (store.tasks.pruneBefore(before) > 0) events.emit('tasks-changed');
    } catch (e) {
      // A full disk or a busy database: the next round tries again; nothing is lost by waiting.
      log.warn('removing history older than the "history-days" setting', e);
    }
  };
  const retention = setInterval(pruneHistory, 3_600_000);
  retention.unref();
  setTimeout(pruneHistory, 5_000).unref();

  // From here on a write waits for another program's lock only briefly: the event loop serves every
  // client, and records are retried off the request path (see retrying-writes.ts).
  store.db.pragma(`busy_timeout = ${HUB_BUSY_TIMEOUT_MS}`);

  let disposed = false;
  return {
    store,
    gateway,
    consent,
    limiter,
    auth,
    secrets,
    dataDir: options.dataDir,
    port: http.port,
    url: http.url,
    reload,
    uiLink: () => `${http.url}/#code=${store.uiCodes.mint()}`,
    onEvent: (listener) => events.listen(listener),
    notify: (event) => events.emit(event.type),
    log,
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(poll);
      clearInterval(sweep);
      clearInterval(retention);
      auth.cancelAll();
      consent.dispose();
      ui?.close();
      await endpoint.closeAll();
      await http.close();
      await gateway.dispose();
      hubLog?.close();
      removeRuntimeInfo(options.dataDir);
      store.checkpoint();
      store.close();
      lock.release();
    },
  };
}
