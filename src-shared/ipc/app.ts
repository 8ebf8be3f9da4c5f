import { z } from 'zod';
import { Settings, SettingsPatch } from '../settings';

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  dataDir: z.string(),
  transport: z.enum(['electron', 'websocket']),
  schemaVersion: z.number().int(),
  /** Which ASR backend runs (for Settings): e.g. "whisper.cpp (CUDA)", "pocketsphinx", "none". */
  asrBackend: z.string(),
  /** Settings a policy file locks (dotted paths, e.g. "llm.enabled"). */
  lockedSettings: z.array(z.string()),
  /** Why the IT policy file was refused (the app then runs with cloud use off); null when fine. */
  policyError: z.string().nullable(),
  /** Whether an API key for the LLM server is set (the key itself never crosses the contract back). */
  llmKeySet: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appRequests = {
  'app.info': { request: Empty, response: AppInfo },
  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: SettingsPatch, response: Settings },
  /**
   * Sets (or with null, removes) the LLM server's API key. The Electron app keeps it with
   * safeStorage ('secure'); a browser session of serve-ui keeps it in memory only ('session').
   */
  'llm.setApiKey': {
    request: z.object({ key: z.string().trim().min(1).max(1000).nullable() }).strict(),
    response: z.object({ stored: z.enum(['secure', 'session', 'removed']) }),
  },
} as const;

export const appEvents = {
  'settings.changed': Settings,
  'core.error': z.object({ message: z.string() }),
} as const;
