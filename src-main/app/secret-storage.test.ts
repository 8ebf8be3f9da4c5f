import { describe, expect, it } from 'vitest';
import { secretStorageDecision } from './secret-storage';

describe('where the desktop app keeps secrets', () => {
  it('uses the OS keyring where there is one', () => {
    for (const [platform, backend] of [['win32', null], ['darwin', null], ['linux', 'gnome_libsecret'], ['linux', 'kwallet5']] as const) {
      expect(secretStorageDecision({ available: true, platform, backend, allowBasicText: false })).toEqual({ use: 'keyring' });
    }
  });

  it("refuses Linux's basic_text fallback unless the policy allows it, and says why in one line", () => {
    const refused = secretStorageDecision({ available: true, platform: 'linux', backend: 'basic_text', allowBasicText: false });
    expect(refused).toEqual({ use: 'none', message: expect.stringMatching(/^no OS keyring was found .*basic_text.*\(policy allowBasicTextSecrets\)$/) });
    expect(secretStorageDecision({ available: true, platform: 'linux', backend: 'basic_text', allowBasicText: true })).toEqual({ use: 'keyring' });
  });

  it('refuses when safeStorage offers nothing at all', () => {
    expect(secretStorageDecision({ available: false, platform: 'win32', backend: null, allowBasicText: true })).toMatchObject({ use: 'none', message: expect.stringMatching(/no secure storage/) });
  });
});
