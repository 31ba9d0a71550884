import path from 'node:path';
import { A2ATasksRepo } from './a2a-tasks-repo.js';
import { AgentCardsRepo } from './agent-cards-repo.js';
import { AgentsRepo } from './agents-repo.js';
import { CatalogCacheRepo } from './catalog-cache-repo.js';
import { ClientsRepo } from './clients-repo.js';
import { ConsentRepo } from './consent-repo.js';
import { RateLimitsRepo } from './rate-limits-repo.js';
import { SettingsRepo } from './settings-repo.js';
import { UiCodesRepo } from './ui-codes-repo.js';
import { ToolCallsRepo } from './tool-calls-repo.js';
import { DB_FILE, openDb, type Db, type OpenDbOptions } from './db.js';
import { ServersRepo } from './servers-repo.js';
import { SignInsRepo } from './sign-ins-repo.js';

/** The hub's persistent state: one SQLite file, one repository per table group. */
export interface Store {
  readonly db: Db;
  readonly file: string;
  readonly servers: ServersRepo;
  readonly agents: AgentsRepo;
  readonly agentCards: AgentCardsRepo;
  readonly tasks: A2ATasksRepo;
  readonly clients: ClientsRepo;
  readonly toolCalls: ToolCallsRepo;
  readonly catalogCache: CatalogCacheRepo;
  readonly consent: ConsentRepo;
  readonly rateLimits: RateLimitsRepo;
  readonly settings: SettingsRepo;
  readonly uiCodes: UiCodesRepo;
  readonly signIns: SignInsRepo;
  readonly agentSignIns: SignInsRepo;
  /** This hub's stable random id (made on first use), which namespaces its keychain entries. */
  hubId(): string;
  /** Changes whenever another connection (the CLI, another process) commits to hub.db. */
  dataVersion(): number;
  /** Moves the WAL into hub.db and empties it (a clean stop leaves one file behind); best effort. */
  checkpoint(): void;
  close(): void;
}

export function openStore(dataDir: string, options: OpenDbOptions = {}): Store {
  const db = openDb(dataDir, options);
  const file = path.join(dataDir, DB_FILE);
  const settings = new SettingsRepo(db, file);
  return {
    db,
    file,
    servers: new ServersRepo(db, file),
    agents: new AgentsRepo(db, file),
    agentCards: new AgentCardsRepo(db, file),
    tasks: new A2ATasksRepo(db),
    clients: new ClientsRepo(db, file),
    toolCalls: new ToolCallsRepo(db, file),
    catalogCache: new CatalogCacheRepo(db),
    consent: new ConsentRepo(db, file),
    rateLimits: new RateLimitsRepo(db, file),
    settings,
    uiCodes: new UiCodesRepo(db, file),
    signIns: new SignInsRepo(db, file),
    agentSignIns: new SignInsRepo(db, file, 'agent'),
    hubId: () => settings.hubId(),
    // Prepared once: db.pragma() prepares a statement on every call, and this runs on every tool call.
    dataVersion: ((stmt) => () => stmt.get() as number)(db.prepare('PRAGMA data_version').pluck()),
    checkpoint: () => {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Busy (another process reads) or a full disk: the WAL stays, and is replayed on the next open.
      }
    },
    close: () => db.close(),
  };
}
