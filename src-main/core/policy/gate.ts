/**
 * The one policy gate (issue 16, point 2). Every request, whatever its transport (Electron IPC,
 * the serve-ui WebSocket, the CLI), passes here before its handler: `requestEffects` says, per
 * request channel, which settings the request would change and to what; a change of a locked
 * setting to another value is refused with one line naming the managed setting. The map is
 * typed over every channel, so a new request cannot be added without saying what it changes.
 */
import type { ParsedRequestOf, RequestChannel } from '../../../src-shared/ipc';
import { CoreError } from '../../../src-shared/errors';
import { notice } from '../../../src-shared/notice';
import type { Settings, SettingsPatch } from '../../../src-shared/settings';
import { isLockedPath } from '../../../src-shared/policy';
import { readState } from '../store/sync-state';
import type { CoreContext } from '../context';

/** A request would make `path` (effectively) `to`; `detail` says why, when that is not obvious. */
type Change = { path: string; to: unknown; detail?: string };
type GateContext = { settings: Settings; enrolledServer: () => string | null };
type Effect<C extends RequestChannel> = (payload: ParsedRequestOf<C>, ctx: GateContext) => Change[];

/** Reads only, or works on data (calls, playbooks, hints), never on a setting a policy can lock. */
const none = () => [];

/** The settings each request can change. */
export const requestEffects: { [C in RequestChannel]: Effect<C> } = {
  'app.info': none,
  'settings.get': none,
  'settings.update': (patch) => patchChanges(patch),
  // A key is only of use to the LLM: none may be set while the LLM is locked off.
  'llm.setApiKey': (p) => (p.key === null ? [] : [{ path: 'llm.enabled', to: true }]),
  'audio.devices': none,
  // live.start's language and engine are choices for one call; the saved settings stay as they are.
  'live.start': none,
  'live.stop': none,
  'live.snapshot': none,
  'live.devices': none,
  'hints.action': none,
  'hints.rendered': none,
  'hints.list': none,
  'playbooks.list': none,
  'playbooks.save': none,
  'playbooks.restore': none,
  'battlecards.save': none,
  'battlecards.restore': none,
  'links.hosts': none,
  // The history and exports follow the effective settings (retention, llm) the policy forces.
  'calls.list': none,
  'calls.get': none,
  'calls.summary': none,
  'calls.delete': none,
  'calls.purge': none,
  'calls.facets': none,
  'calls.export': none,
  'calls.import.start': none,
  'calls.import.chunk': none,
  'calls.import.finish': none,
  'calls.import.cancel': none,
  'sync.status': none,
  // Enrolling or signing in points this device at a server, to sync with it.
  'sync.enroll': (p) => [
    { path: 'sync.serverUrl', to: p.serverUrl },
    { path: 'sync.enabled', to: true },
  ],
  'sync.login': (p) => [
    { path: 'sync.serverUrl', to: p.serverUrl },
    { path: 'sync.enabled', to: true },
  ],
  // A round now is sync on, with the server this device is enrolled with.
  'sync.now': (_p, ctx) => [{ path: 'sync.enabled', to: true }, ...enrolledWith(ctx)],
  'sync.signOut': () => [{ path: 'sync.enabled', to: false }],
  'sync.team': (_p, ctx) => enrolledWith(ctx),
  'sync.setQuota': (_p, ctx) => enrolledWith(ctx),
  'sync.quota': (_p, ctx) => enrolledWith(ctx),
  // Deals and forecasts work on the local store's deals (no setting).
  'deals.overview': none,
  'deals.import': none,
  'deals.inspectImport': none,
  'deals.previewImport': none,
  'deals.train': none,
  'deals.forCall': none,
  'deals.link': none,
  // Follow-up tasks are the local store's (a push to the CRM happens at call end, not here).
  'tasks.list': none,
  'tasks.done': none,
  'tasks.snooze': none,
  'tasks.reopen': none,
  // Role-play runs work on the simulator's own history (no setting).
  'simulator.library': none,
  // Editing the role-play library (as playbooks.save/restore): content, no setting.
  'simulator.persona.save': none,
  'simulator.persona.restore': none,
  'simulator.scenario.save': none,
  'simulator.scenario.restore': none,
  'simulator.turn': none,
  'simulator.finish': none,
  'simulator.history': none,
  'simulator.get': none,
  'simulator.delete': none,
  'simulator.clip': none,
  'simulator.transcribe': none,
  'simulator.listen': none,
  'simulator.listen.stop': none,
  'simulator.scoreCall': none,
  'simulator.speak': none,
};

const enrolledWith = (ctx: GateContext): Change[] => {
  const server = ctx.enrolledServer();
  return server ? [{ path: 'sync.serverUrl', to: server, detail: `this device is enrolled with ${server}; sign out and enroll with the managed server` }] : [];
};

/** Each setting a patch names, as a change ("sync.enabled" → false; "theme" → "dark"). */
function patchChanges(patch: SettingsPatch): Change[] {
  return Object.entries(patch).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if (value !== null && typeof value === 'object') return Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => ({ path: `${key}.${k}`, to: v }));
    return [{ path: key, to: value }];
  });
}


const valueAt = (settings: Settings, p: string): unknown => p.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), settings);

/** Server URLs compare as URLs: case of the host, a trailing slash and a default port do not matter. */
const normUrl = (u: unknown): unknown => {
  if (typeof u !== 'string') return u;
  try {
    const url = new URL(u.trim());
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return u.trim();
  }
};
const same = (p: string, a: unknown, b: unknown): boolean => (p === 'sync.serverUrl' ? normUrl(a) === normUrl(b) : JSON.stringify(a) === JSON.stringify(b));

const show = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'on' : 'off') : v === '' ? 'empty' : JSON.stringify(v).slice(0, 120));

type GateCore = Pick<CoreContext, 'lockedSettings' | 'settings' | 'store'>;

const contextOf = (core: GateCore): GateContext => ({
  settings: core.settings(),
  enrolledServer: () => readState(core.store, 'credentials')?.serverUrl ?? null,
});

/** The changes of a request that its policy refuses (empty: allowed). */
export function refusedChanges<C extends RequestChannel>(core: GateCore, channel: C, payload: ParsedRequestOf<C>): Change[] {
  if (!core.lockedSettings.length) return [];
  const ctx = contextOf(core);
  return requestEffects[channel](payload, ctx).filter((c) => isLockedPath(core.lockedSettings, c.path) && !same(c.path, c.to, valueAt(ctx.settings, c.path)));
}

/**
 * Checks a validated request against the policy. Refused: a CoreError ('conflict'), one line
 * naming the managed setting and its value. Allowed: the payload to run; a settings patch loses
 * the locked settings it would leave as they are (a UI may send a whole section back).
 */
export function enforcePolicy<C extends RequestChannel>(core: GateCore, channel: C, payload: ParsedRequestOf<C>): ParsedRequestOf<C> {
  const refused = refusedChanges(core, channel, payload);
  if (refused.length) {
    const c = refused[0]!;
    const current = valueAt(core.settings(), c.path);
    throw new CoreError(
      'conflict',
      `${c.path} is managed by your organisation (${show(current)}): ${channel} refused${c.detail ? ` (${c.detail})` : ''}`,
      notice('policy.locked', { setting: c.path, request: channel }),
    );
  }
  if (channel === 'settings.update') return withoutLocked(payload as SettingsPatch, core.lockedSettings) as ParsedRequestOf<C>;
  return payload;
}

function withoutLocked(patch: SettingsPatch, locked: readonly string[]): SettingsPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && typeof value === 'object') {
      const kept = Object.fromEntries(Object.entries(value).filter(([k]) => !isLockedPath(locked, `${key}.${k}`)));
      if (Object.keys(kept).length) out[key] = kept;
    } else if (!isLockedPath(locked, key)) out[key] = value;
  }
  return out as SettingsPatch;
}
