import { z } from 'zod';
import { Settings, SettingsPatch } from '../settings';

const Empty = z.object({}).strict();

/** The ASR backend line as parts, so a UI can say it in its own words (the parts are product names and commands). */
export const AsrBackendInfo = z.object({
  /** The recogniser in use, or the one a call would use: "whisper.cpp base (CPU avx2)", "pocketsphinx en-us (CPU)"; null: none. */
  engine: z.string().nullable(),
  /** The words come from the call script: 'reference' (no recogniser), 'whisper-script' (Whisper's compute, the script's words). */
  script: z.enum(['reference', 'whisper-script']).nullable(),
  /** whisper.cpp is built and would run on `device`, but no model is installed: `fix` installs one. */
  whisperReady: z.object({ device: z.string(), fix: z.string() }).nullable(),
});
export type AsrBackendInfo = z.infer<typeof AsrBackendInfo>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  dataDir: z.string(),
  transport: z.enum(['electron', 'websocket']),
  schemaVersion: z.number().int(),
  /** Which ASR backend runs (for Settings): e.g. "whisper.cpp (CUDA)", "pocketsphinx", "none". */
  asrBackend: z.string(),
  /** The same in parts, for a UI's own words. */
  asr: AsrBackendInfo,
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
