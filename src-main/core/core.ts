import { createRequire } from 'node:module';
import { openStore, type Store } from './store/db';
import { CoreEvents } from './events';
import { readSettings } from './settings/settings-store';
import { applyPolicy, loadPolicy, lockedPaths, type PolicySourceReport } from './policy/policy';
import type { PolicySource } from './policy/sources';
import type { Policy } from '../../src-shared/policy';
import type { Settings } from '../../src-shared/settings';
import { createLogger, type Logger } from './logger';
import { seedBundledContent } from './hints/bundled';
import { createAsrStatus, type AsrStatus } from './asr/select-engine';

/** Everything a request handler may use. One Core per data directory. */
export type Core = {
  dataDir: string;
  store: Store;
  events: CoreEvents;
  log: Logger;
  version: string;
  transport: 'electron' | 'websocket';
  /** Settings a policy locks (dotted paths). */
  lockedSettings: string[];
  /** The IT policy in force (null: none), and why it is not as IT wrote it (one line; the app then runs fail-safe). */
  policy: Policy | null;
  policyError: string | null;
  /** Every place the policy was looked for, highest precedence first, and what was found there. */
  policySources: PolicySourceReport[];
  /** The effective settings: the user's, with the policy's forced values on top. */
  settings(): Settings;
  /** The speech-recognition backend Settings shows (probed on first read, then the engine opened). */
  asr: AsrStatus;
  /** Stops background work and closes the database. */
  close(): Promise<void>;
  /** Registers cleanup to run on close (background loops, workers). */
  onClose(fn: () => void | Promise<void>): void;
};

export type CoreOptions = {
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
  const store = openStore(options.dataDir, { readonlyIfDenied: options.readonlyIfDenied });
  // Bundled playbooks and battlecards on first start (and newer bundled text after an update).
  if (!store.readonly) seedBundledContent(store);
  const cleanups: (() => void | Promise<void>)[] = [];
  const loaded = loadPolicy(options.policySources ?? options.policyFile, { appDir: options.appDir });
  for (const note of loaded.notes) log.warn(note);
  // One line for people (app.info → Settings); every problem in the log.
  if (loaded.error) log.error({ problems: loaded.errors }, loaded.error);
  const core: Core = {
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
    onClose: (fn) => void cleanups.push(fn),
    close: async () => {
      for (const fn of cleanups.reverse()) await fn();
      store.close();
    },
  };
  log.debug({ dataDir: options.dataDir, schema: store.schemaVersion, policy: loaded.sources.filter((s) => s.status !== 'absent').map((s) => `${s.name} ${s.location} (${s.status})`) }, 'core ready');
  return core;
}
