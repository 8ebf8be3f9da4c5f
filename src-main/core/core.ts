import { createRequire } from 'node:module';
import { openStore } from './store/db';
import type { SecretsProtection } from './store/secrets';
import { CoreEvents } from './events';
import { readSettings } from './settings/settings-store';
import { applyPolicy, loadPolicy, lockedPaths } from './policy/policy';
import type { PolicySource } from './policy/sources';
import { createLogger, type Logger } from './logger';
import { seedBundledContent } from './hints/bundled';
import { seedBundledSimulations } from './simulator/bundled';
import { createAsrStatus } from './asr/select-engine';
import type { CoreContext } from './context';
import { createLoopback, type Loopback } from './audio/loopback';
import { createImportUploads, type ImportUploads } from './calls/import-uploads';
import type { ImportDeps } from './calls/import-job';
import { createLiveManager, type LiveDeps, type LiveManager } from './live/live-manager';
import { defaultLiveDeps } from './live/default-deps';
import { createSyncRuntime, type SyncRuntime } from './sync/runtime';
import { createSimulatorService, type SimulatorService } from './simulator/service';
import { createAnalyzerForCore } from './live/analyzer-for-core';
import { createTasksService, type ConnectorFor, type TasksService } from './calls/follow-up-tasks';

/**
 * Everything a request handler may use: the context (context.ts) and the core's services, each
 * made here, in one place, and stopped by close() in reverse order. One Core per data directory.
 */
export type Core = CoreContext & {
  /** System audio pushed by the Electron app (its capture of the customer's side). */
  loopback: Loopback;
  /** Recordings uploaded from the UI, imported in the background. */
  imports: ImportUploads;
  /** The one live call (Live page, overlay, demo). */
  live: LiveManager;
  /** Sync with the team server: status, enrolment, and the background loop for long-running hosts. */
  sync: SyncRuntime;
  /** The role-play's analyzer, recognisers and listen (simulator/service.ts). */
  simulator: SimulatorService;
  /** Follow-up tasks: made when a linked call ends, pushed to the CRM, reminders when due (calls/follow-up-tasks.ts). */
  tasks: TasksService;
  /** Stops the services (and anything registered with onClose), then closes the database. */
  close(): Promise<void>;
  /** Registers cleanup to run on close, before the services stop (a command's own analyzer). */
  onClose(fn: () => void | Promise<void>): void;
};

type CoreOptions = {
  dataDir: string;
  transport?: Core['transport'];
  log?: Logger;
  /** One JSON policy file read instead of the places IT uses (tests). */
  policyFile?: string;
  /** The places to read the policy from, instead of this OS's (tests: a recorded registry or plist). */
  policySources?: PolicySource[];
  /** Folder of the installed app: on Windows IT may put policy.json beside the .exe (the Electron app passes it). */
  appDir?: string;
  /** Open the database read-only when it cannot be written, instead of refusing (read-only commands). */
  readonlyIfDenied?: boolean;
  /** The audio, ASR and NLP layers of live calls (tests: stand-ins; default: the real ones). */
  liveDeps?: (loopback: Loopback) => LiveDeps;
  /** The layers behind UI imports (tests). */
  importDeps?: ImportDeps;
  /** How the sync credentials are kept (store/secrets.ts): the app passes its keyring key; default a 0600 file. */
  secrets?: SecretsProtection;
  /** The CRM connector for a deal's source (tests: a HubSpot on 127.0.0.1); default HubSpot from SALESEDGE_HUBSPOT_TOKEN. */
  connectorFor?: ConnectorFor;
};

export function appVersion(): string {
  // package.json sits at the repo (or app.asar) root, two levels above src-main/core and out/main.
  const require = createRequire(import.meta.url);
  for (const rel of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === 'salesedge-copilot' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export function createCore(options: CoreOptions): Core {
  const log = options.log ?? createLogger();
  const store = openStore(options.dataDir, { readonlyIfDenied: options.readonlyIfDenied, secrets: options.secrets });
  // Bundled playbooks and battlecards on first start (and newer bundled text after an update).
  if (!store.readonly) seedBundledContent(store);
  // The same for the role-play personas and scenarios.
  if (!store.readonly) seedBundledSimulations(store);
  const cleanups: (() => void | Promise<void>)[] = [];
  const loaded = loadPolicy(options.policySources ?? options.policyFile, { appDir: options.appDir });
  for (const note of loaded.notes) log.warn(note);
  // One line for people (app.info → Settings); every problem in the log.
  if (loaded.error) log.error({ problems: loaded.errors }, loaded.error);
  const context: CoreContext = {
    dataDir: options.dataDir,
    store,
    events: new CoreEvents(),
    log,
    version: appVersion(),
    transport: options.transport ?? 'websocket',
    lockedSettings: lockedPaths(loaded.policy),
    policy: loaded.policy,
    policyError: loaded.error,
    policySources: loaded.sources,
    settings: () => applyPolicy(readSettings(store), loaded.policy),
    asr: createAsrStatus({ dataDir: options.dataDir, policy: loaded.policy }),
  };
  // The services, in dependency order (a live call may take the loopback's system audio).
  // None starts background work here: hosts that run long call core.sync.startBackground().
  const loopback = createLoopback(context);
  const imports = createImportUploads(context, options.importDeps);
  const live = createLiveManager(context, (options.liveDeps ?? defaultLiveDeps)(loopback));
  const sync = createSyncRuntime(context);
  const simulator = createSimulatorService({ voice: context, openAnalyzer: () => createAnalyzerForCore(context) });
  const tasks = createTasksService(context, { connectorFor: options.connectorFor });
  let closing: Promise<void> | null = null;
  const core: Core = {
    ...context,
    loopback,
    imports,
    live,
    sync,
    simulator,
    tasks,
    onClose: (fn) => void cleanups.push(fn),
    // Reverse order of creation; a second close() waits for the first.
    close: () =>
      (closing ??= (async () => {
        for (const fn of cleanups.reverse()) await fn();
        await simulator.close();
        await sync.stop();
        await live.stop();
        await tasks.close();
        imports.close();
        loopback.close();
        store.close();
      })()),
  };
  log.debug({ dataDir: options.dataDir, schema: store.schemaVersion, policy: loaded.sources.filter((s) => s.status !== 'absent').map((s) => `${s.name} ${s.location} (${s.status})`) }, 'core ready');
  return core;
}
