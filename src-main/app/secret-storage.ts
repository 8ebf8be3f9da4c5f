/**
 * Whether the desktop app may keep secrets with Electron's safeStorage on this machine (pure, so
 * it is tested in Node). On Linux without a keyring (gnome-keyring/libsecret, KWallet) Chromium
 * falls back to `basic_text`, a key hard-coded in Chromium itself: "encrypted" files are then
 * readable by anyone who copies them. The app refuses that unless IT allows it
 * (policy `allowBasicTextSecrets`), and says why.
 */
export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

export type SecretStorageDecision = { use: 'keyring' } | { use: 'none'; message: string };

export function secretStorageDecision(o: { available: boolean; platform: NodeJS.Platform; backend: StorageBackend | null; allowBasicText: boolean }): SecretStorageDecision {
  if (!o.available) return { use: 'none', message: 'this system offers no secure storage for secrets (Electron safeStorage is unavailable): sync sign-in is refused so credentials are never saved in clear' };
  if (o.platform === 'linux' && o.backend === 'basic_text' && !o.allowBasicText) {
    return {
      use: 'none',
      message: 'no OS keyring was found (safeStorage would use its built-in basic_text key, which protects nothing): sync sign-in is refused; install gnome-keyring or KWallet, or ask IT to allow it (policy allowBasicTextSecrets)',
    };
  }
  return { use: 'keyring' };
}
