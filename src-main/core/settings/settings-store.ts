import { DEFAULT_SETTINGS, Settings, SettingsPatch, defaultSettings } from '../../../src-shared/settings';
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { readSettingRows, writeSettingRows } from '../store/settings';

/** Reads settings row by row; a row that no longer validates falls back to its default. */
export function readSettings(store: Store): Settings {
  const rows = readSettingRows(store);
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      raw[row.key] = JSON.parse(row.value);
    } catch {
      // A hand-edited row that is not JSON: keep the default for that key.
    }
  }
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
    const fallback = DEFAULT_SETTINGS[key];
    const stored = raw[key];
    // A section stored by an older version lacks newer fields: fill them from the defaults.
    const candidate = typeof fallback === 'object' && fallback !== null && typeof stored === 'object' && stored !== null ? { ...fallback, ...stored } : stored;
    const parsed = Settings.shape[key].safeParse(candidate);
    merged[key] = parsed.success ? parsed.data : structuredClone(fallback);
  }
  return Settings.parse(merged);
}

/** Applies a validated patch in one transaction and returns the new settings. */
export function updateSettings(store: Store, patch: SettingsPatch, locked: readonly string[] = []): Settings {
  const valid = SettingsPatch.safeParse(patch);
  if (!valid.success) throw new CoreError('bad_request', `invalid settings: ${valid.error.issues[0]?.message ?? 'unknown'}`);
  const current = readSettings(store);
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(valid.data)) {
    if (value === undefined) continue;
    const cur = current[key as keyof Settings];
    next[key] = typeof value === 'object' && value !== null && typeof cur === 'object' ? { ...cur, ...value } : value;
    for (const sub of typeof value === 'object' && value !== null ? Object.keys(value).map((k) => `${key}.${k}`) : [key]) {
      if (locked.includes(sub) || locked.includes(key)) throw new CoreError('conflict', `setting ${sub} is locked by your organisation's policy`);
    }
  }
  const parsed = Settings.safeParse(next);
  if (!parsed.success) throw new CoreError('bad_request', `invalid settings: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  writeSettingRows(
    store,
    Object.keys(valid.data).map((key) => [key, JSON.stringify(parsed.data[key as keyof Settings])]),
    Date.now(),
  );
  return parsed.data;
}

export { defaultSettings };
