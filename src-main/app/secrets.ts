/**
 * Secrets the app keeps with Electron safeStorage. The LLM API key, kept with Electron safeStorage (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux) in a file under userData; never in SQLite or settings. The
 * core (a utilityProcess without Electron APIs) receives it in its environment as
 * SALESEDGE_LLM_API_KEY, the same variable the CLI reads.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';
import { SECRETS_KEY_ENV, SECRETS_REFUSED_ENV } from '../core/store/secrets';
import { secretStorageDecision, type StorageBackend } from './secret-storage';

const KEY_FILE = 'llm-api-key.bin';
const ENV = 'SALESEDGE_LLM_API_KEY';

const keyPath = (): string => path.join(app.getPath('userData'), KEY_FILE);

/** Stores (or with null, removes) the key. Refuses to write it in clear text. */
export function saveLlmApiKey(key: string | null): void {
  const file = keyPath();
  if (key === null || key === '') {
    fs.rmSync(file, { force: true });
    return;
  }
  if (!safeStorage.isEncryptionAvailable()) throw new Error('this system offers no secure storage for the API key (safeStorage unavailable)');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600 });
}

function loadLlmApiKey(): string | null {
  const file = keyPath();
  if (!fs.existsSync(file) || !safeStorage.isEncryptionAvailable()) return null;
  try {
    return safeStorage.decryptString(fs.readFileSync(file));
  } catch {
    // Encrypted by another user or OS keyring: treat as absent rather than crash the app.
    return null;
  }
}

/** Environment for the core process: the decrypted key, when one is stored. */
export function llmKeyEnv(): Record<string, string> {
  const key = loadLlmApiKey();
  return key ? { [ENV]: key } : {};
}

const CORE_KEY_FILE = 'core-secrets-key.bin';

/**
 * Environment for the core process: the key of its secrets file (the sync credentials, see
 * src-main/core/store/secrets.ts), kept here with safeStorage and made on first start; or, when
 * the OS keeps no secrets safely, the line that says why sync sign-in is refused.
 */
export function coreSecretsEnv(policy: { allowBasicTextSecrets?: boolean } | null): Record<string, string> {
  const backend = process.platform === 'linux' ? (safeStorage.getSelectedStorageBackend() as StorageBackend) : null;
  const decision = secretStorageDecision({ available: safeStorage.isEncryptionAvailable(), platform: process.platform, backend, allowBasicText: policy?.allowBasicTextSecrets === true });
  if (decision.use === 'none') return { [SECRETS_REFUSED_ENV]: decision.message };
  const file = path.join(app.getPath('userData'), CORE_KEY_FILE);
  try {
    if (fs.existsSync(file)) return { [SECRETS_KEY_ENV]: safeStorage.decryptString(fs.readFileSync(file)) };
  } catch {
    // Made under another user or keyring: a new key; the old secrets file then reads as absent (sign in again).
  }
  const hex = crypto.randomBytes(32).toString('hex');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, safeStorage.encryptString(hex), { mode: 0o600 });
  return { [SECRETS_KEY_ENV]: hex };
}
