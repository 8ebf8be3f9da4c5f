/**
 * The LLM API key, kept with Electron safeStorage (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux) in a file under userData; never in SQLite or settings. The
 * core (a utilityProcess without Electron APIs) receives it in its environment as
 * SALESEDGE_LLM_API_KEY, the same variable the CLI reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';

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
