import fs from 'node:fs';
import path from 'node:path';
import { Policy } from '../../../src-shared/policy';
import type { Settings } from '../../../src-shared/settings';

export type LoadedPolicy = {
  policy: Policy | null;
  file: string | null;
  /** One line saying why the policy file could not be used; null when fine or absent. */
  error: string | null;
};

/** Where IT puts the policy file on each OS; SALESEDGE_POLICY overrides (tests, pilots). */
export function policyPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SALESEDGE_POLICY) return env.SALESEDGE_POLICY;
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'SalesEdge', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/SalesEdge/policy.json';
  return '/etc/salesedge/policy.json';
}

/**
 * Reads the policy. A missing file means no policy. A malformed one is reported (one line) and
 * the app fails safe: it runs, but with cloud use off, so a broken file never leaks data.
 */
export function loadPolicy(file: string = policyPath()): LoadedPolicy {
  if (!fs.existsSync(file)) return { policy: null, file: null, error: null };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return failSafe(file, `policy file ${file} is not valid JSON (${(err as Error).message.split('\n')[0]}); cloud features are off until it is fixed`);
  }
  const parsed = Policy.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return failSafe(file, `policy file ${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}; cloud features are off until it is fixed`);
  }
  return { policy: parsed.data, file, error: null };
}

function failSafe(file: string, error: string): LoadedPolicy {
  return { policy: { version: 1, lock: ['llm.enabled', 'sync.enabled'], allowCloud: false, autoUpdate: true, settings: { llm: { enabled: false } } }, file, error };
}

/** Dotted setting paths the policy locks (forced values are locked too). */
export function lockedPaths(policy: Policy | null): string[] {
  if (!policy) return [];
  const forced = Object.entries(policy.settings ?? {}).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? Object.keys(value).map((k) => `${key}.${k}`) : [key],
  );
  if (!policy.allowCloud) forced.push('llm.enabled');
  if (policy.syncServer) forced.push('sync.serverUrl');
  return [...new Set([...forced, ...policy.lock])];
}

/** The user's settings with the policy's forced values on top. */
export function applyPolicy(settings: Settings, policy: Policy | null): Settings {
  if (!policy) return settings;
  const out: Record<string, unknown> = { ...settings };
  for (const [key, value] of Object.entries(policy.settings ?? {})) {
    if (value === undefined) continue;
    const cur = out[key];
    out[key] = value !== null && typeof value === 'object' && typeof cur === 'object' ? { ...cur, ...value } : value;
  }
  const result = out as Settings;
  if (!policy.allowCloud) result.llm = { ...result.llm, enabled: false };
  if (policy.syncServer) result.sync = { ...result.sync, serverUrl: policy.syncServer };
  return result;
}
