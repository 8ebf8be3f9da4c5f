/**
 * What the core's services are built on: the data folder, the store, the event bus, the log,
 * the policy and the effective settings. `createCore` (core.ts) makes one, then the services on
 * top of it (core.ts's `Core`); every module below core.ts takes this context, or the narrow
 * part of it it uses (`Pick<CoreContext, 'store' | 'events'>`), never the whole `Core`, so no
 * service reaches another one behind createCore's back and nothing imports core.ts from below.
 */
import type { Store } from './store/db';
import type { CoreEvents } from './events';
import type { Logger } from './logger';
import type { PolicySourceReport } from './policy/policy';
import type { Policy } from '../../src-shared/policy';
import type { Settings } from '../../src-shared/settings';
import type { AsrStatus } from './asr/select-engine';

export type CoreContext = {
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
};
