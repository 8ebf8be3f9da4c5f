import semver from 'semver';
import { z } from 'zod';
import { Policy, type PolicyInput } from '../../../src-shared/policy';
import { Settings, SettingsPatch } from '../../../src-shared/settings';
import { jsonFileSource, policySources, type PolicySource, type SourceOptions } from './sources';

export type PolicySourceReport = {
  name: PolicySource['name'];
  location: string;
  /** applied: read and valid; invalid: read, some fields refused; unreadable: could not be read at all. */
  status: 'absent' | 'applied' | 'invalid' | 'unreadable';
  errors: string[];
};

type LoadedPolicy = {
  /** The policy in force (null: no place holds one). */
  policy: Policy | null;
  /** Every place looked at, highest precedence first. */
  sources: PolicySourceReport[];
  /** One line saying why the policy is not as IT wrote it (the app then runs fail-safe); null when fine or absent. */
  error: string | null;
  /** Every problem found, for the log. */
  errors: string[];
  /** Things to tell the log that are not errors (an ignored SALESEDGE_POLICY). */
  notes: string[];
};

/** What a policy that could not be read as written turns off, on top of what could be read. */
export const FAIL_SAFE_SUFFIX = 'cloud use, sync and auto-update are off until it is fixed';

/**
 * Reads the policy from every place IT may put it (sources.ts), highest precedence first. For
 * each field the highest place that sets it wins; `lock` lists add up; `settings` merge setting
 * by setting. Each place is validated field by field: what is valid is kept (IT is never
 * silently ignored), and if anything was invalid or unreadable the result also fails safe: cloud
 * use, sync and auto-update off and locked, with one line saying why (app.info, Settings, log).
 * A string is one JSON file read instead of the OS places (tests, pilots).
 */
export function loadPolicy(from?: string | PolicySource[], options: SourceOptions = {}): LoadedPolicy {
  const picked = typeof from === 'string' ? { sources: [jsonFileSource(from)], notes: [] } : from ? { sources: from, notes: [] } : policySources(options);
  const reports: PolicySourceReport[] = [];
  const found: Record<string, unknown>[] = [];
  const errors: string[] = [];
  for (const source of picked.sources) {
    const label = `${source.name === 'file' ? 'policy file' : source.name === 'registry' ? 'registry policy' : 'managed preferences'} ${source.location}`;
    const read = source.read();
    if (read.kind === 'absent') {
      reports.push({ name: source.name, location: source.location, status: 'absent', errors: [] });
      continue;
    }
    if (read.kind === 'unreadable') {
      const line = `${label} ${read.error}`;
      errors.push(line);
      reports.push({ name: source.name, location: source.location, status: 'unreadable', errors: [line] });
      continue;
    }
    const checked = validatePolicyObject(read.data, source);
    const mine = [...(read.issues ?? []), ...checked.errors].map((e) => `${label} is invalid at ${e}`);
    errors.push(...mine);
    found.push(checked.value);
    reports.push({ name: source.name, location: source.location, status: mine.length ? 'invalid' : 'applied', errors: mine });
  }
  const merged = mergePolicies(found);
  let policy: Policy | null = merged ? Policy.parse(merged) : null;
  let error: string | null = null;
  if (errors.length) {
    policy = failSafe(policy);
    error = `${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}, in the log)` : ''}; ${FAIL_SAFE_SUFFIX}`;
  }
  return { policy, sources: reports, error, errors, notes: picked.notes };
}

/** The most restrictive safe defaults, on top of whatever valid policy there is. */
function failSafe(policy: Policy | null): Policy {
  const base = policy ?? Policy.parse({ version: 1 });
  return {
    ...base,
    allowCloud: false,
    autoUpdate: false,
    lock: [...new Set([...base.lock, 'llm.enabled', 'sync.enabled'])],
    settings: { ...base.settings, llm: { ...base.settings?.llm, enabled: false }, sync: { ...base.settings?.sync, enabled: false } },
  };
}

// ---------------------------------------------------------------------------------------------
// Validation, field by field

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const unwrap = (s: z.ZodType): z.ZodType => (s instanceof z.ZodOptional || s instanceof z.ZodDefault ? unwrap(s.unwrap() as z.ZodType) : s);

/** Registry names are case-insensitive, and IT scripts may write AllowCloud for allowCloud. */
const resolveKey = (key: string, keys: string[], anyCase: boolean): string | undefined => (keys.includes(key) ? key : anyCase ? keys.find((k) => k.toLowerCase() === key.toLowerCase()) : undefined);

/** What a typed store may have meant: 1/0 for a boolean, "30" for a number, one string for a list. */
function candidates(value: unknown, coerce: boolean): unknown[] {
  if (!coerce) return [value];
  const out = [value];
  if (value === 0 || value === 1) out.push(value === 1);
  if (typeof value === 'string') {
    if (/^(true|false)$/i.test(value.trim())) out.push(value.trim().toLowerCase() === 'true');
    if (/^-?\d+$/.test(value.trim())) out.push(Number(value.trim()));
    out.push([value]);
  }
  return out;
}

function firstValid(schema: z.ZodType, value: unknown, coerce: boolean): { ok: true; value: unknown } | { ok: false; message: string } {
  let first: string | null = null;
  for (const candidate of candidates(value, coerce)) {
    const r = schema.safeParse(candidate);
    if (r.success) return { ok: true, value: r.data };
    first ??= r.error.issues[0]?.message ?? 'invalid';
  }
  return { ok: false, message: first ?? 'invalid' };
}

/** Dotted paths a policy may lock or force: "theme", "sync", "sync.enabled". */
function isSettingPath(p: string): boolean {
  const [section, field, ...rest] = p.split('.');
  if (!section || rest.length || !Object.hasOwn(Settings.shape, section)) return false;
  if (field === undefined) return true;
  const schema = Settings.shape[section as keyof Settings];
  return schema instanceof z.ZodObject && Object.hasOwn(schema.shape, field);
}

/**
 * Validates one place's object, keeping every valid field and naming every invalid one
 * ("allowCloud: Invalid input: expected boolean, received string").
 */
export function validatePolicyObject(raw: unknown, source: Pick<PolicySource, 'coerce' | 'impliedVersion'> = { coerce: false, impliedVersion: false }): { value: Record<string, unknown>; errors: string[] } {
  const errors: string[] = [];
  const value: Record<string, unknown> = {};
  if (!isRecord(raw)) return { value, errors: ['(root): expected an object'] };
  const top = Policy.shape;
  for (const [rawKey, v] of Object.entries(raw)) {
    const key = resolveKey(rawKey, Object.keys(top), source.coerce) as keyof typeof top | undefined;
    if (!key) {
      errors.push(`${rawKey}: not a policy field`);
      continue;
    }
    if (key === 'settings') {
      const settings = validateSettings(v, source.coerce, errors);
      if (settings) value.settings = settings;
      continue;
    }
    if (key === 'lock') {
      const items = Array.isArray(v) ? v : source.coerce && typeof v === 'string' ? [v] : null;
      if (!items) {
        errors.push('lock: expected a list of setting paths');
        continue;
      }
      value.lock = items.filter((item, i) => {
        const ok = typeof item === 'string' && isSettingPath(item.trim());
        if (!ok) errors.push(`lock.${i}: ${JSON.stringify(item)} is not a setting (e.g. "sync" or "sync.enabled")`);
        return ok;
      }).map((item) => (item as string).trim());
      continue;
    }
    const r = firstValid(top[key], v, source.coerce);
    if (!r.ok) errors.push(`${key}: ${r.message}`);
    // A range the updater could not read would let it install anything: it is an error, not a value.
    else if (key === 'allowedVersions' && semver.validRange(r.value as string) === null) errors.push(`allowedVersions: ${JSON.stringify(r.value)} is not a semver range (for example ">=1.4.0 <2.0.0")`);
    else value[key] = r.value;
  }
  if (value.version === undefined) {
    if (source.impliedVersion && !errors.some((e) => e.startsWith('version:'))) value.version = 1;
    else if (!errors.some((e) => e.startsWith('version:'))) errors.push('version: missing (must be 1)');
  }
  return { value, errors };
}

function validateSettings(raw: unknown, coerce: boolean, errors: string[]): Record<string, unknown> | null {
  if (!isRecord(raw)) {
    errors.push('settings: expected an object of setting sections');
    return null;
  }
  const out: Record<string, unknown> = {};
  const shape = SettingsPatch.shape;
  for (const [rawSection, v] of Object.entries(raw)) {
    const section = resolveKey(rawSection, Object.keys(shape), coerce) as keyof typeof shape | undefined;
    if (!section) {
      errors.push(`settings.${rawSection}: not a setting`);
      continue;
    }
    const schema = unwrap(shape[section]);
    if (!(schema instanceof z.ZodObject)) {
      const r = firstValid(schema, v, coerce);
      if (r.ok) out[section] = r.value;
      else errors.push(`settings.${section}: ${r.message}`);
      continue;
    }
    if (!isRecord(v)) {
      errors.push(`settings.${section}: expected an object`);
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (const [rawField, fv] of Object.entries(v)) {
      const field = resolveKey(rawField, Object.keys(schema.shape), coerce);
      if (!field) {
        errors.push(`settings.${section}.${rawField}: not a setting`);
        continue;
      }
      const r = firstValid(unwrap(schema.shape[field] as z.ZodType), fv, coerce);
      if (r.ok) fields[field] = r.value;
      else errors.push(`settings.${section}.${field}: ${r.message}`);
    }
    if (Object.keys(fields).length) out[section] = fields;
  }
  return out;
}

/** Highest precedence first: a field from an earlier place wins; locks add up; settings merge per setting. */
function mergePolicies(found: Record<string, unknown>[]): PolicyInput | null {
  if (!found.length) return null;
  const out: Record<string, unknown> = { version: 1 };
  for (const p of [...found].reverse()) {
    for (const [key, value] of Object.entries(p)) {
      if (key === 'lock') out.lock = [...new Set([...((out.lock as string[]) ?? []), ...(value as string[])])];
      else if (key === 'settings') {
        const cur = (out.settings ?? {}) as Record<string, unknown>;
        for (const [section, v] of Object.entries(value as Record<string, unknown>)) cur[section] = isRecord(v) && isRecord(cur[section]) ? { ...cur[section], ...v } : v;
        out.settings = cur;
      } else out[key] = value;
    }
  }
  return out as PolicyInput;
}

// ---------------------------------------------------------------------------------------------
// What the policy locks and forces

/**
 * Dotted setting paths the policy locks (forced values are locked too). A locked section is
 * listed with each of its settings, so a UI can look a setting up as it is.
 */
export function lockedPaths(policy: Policy | null): string[] {
  if (!policy) return [];
  const forced = Object.entries(policy.settings ?? {}).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? Object.keys(value).map((k) => `${key}.${k}`) : [key],
  );
  if (!policy.allowCloud) forced.push('llm.enabled');
  if (policy.syncServer) forced.push('sync.serverUrl');
  const all = [...forced, ...policy.lock].flatMap((p) => {
    const schema = Settings.shape[p as keyof Settings];
    return schema instanceof z.ZodObject ? [p, ...Object.keys(schema.shape).map((k) => `${p}.${k}`)] : [p];
  });
  return [...new Set(all)];
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
