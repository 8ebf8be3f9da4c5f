import type { Handlers } from './dispatch';
import { updateSettings } from '../settings/settings-store';
import { applyPolicy } from '../policy/policy';
import { LLM_API_KEY_ENV } from '../llm/tailor';
import { describeAsrBackend } from '../asr/select-engine';

export const appHandlers = {
  'app.info': (_p, core) => ({
    name: 'SalesEdge Copilot',
    version: core.version,
    platform: `${process.platform}-${process.arch}`,
    dataDir: core.dataDir,
    transport: core.transport,
    schemaVersion: core.store.schemaVersion,
    asrBackend: core.asr.backend(),
    asr: describeAsrBackend(core.asr.backend()),
    lockedSettings: core.lockedSettings,
    policyError: core.policyError,
    llmKeySet: Boolean(process.env[LLM_API_KEY_ENV]),
  }),
  'settings.get': (_p, core) => core.settings(),
  // The policy gate (dispatch → policy/gate.ts) has refused changes of locked settings already.
  'settings.update': (patch, core) => {
    const next = applyPolicy(updateSettings(core.store, patch), core.policy);
    core.events.emit('settings.changed', next);
    return next;
  },
  // The core reads the key from its environment at each LLM call (tailor, summary). Here it
  // lives for this process only; the Electron main process also stores it with safeStorage.
  'llm.setApiKey': ({ key }) => {
    if (key === null) delete process.env[LLM_API_KEY_ENV];
    else process.env[LLM_API_KEY_ENV] = key;
    return { stored: key === null ? ('removed' as const) : ('session' as const) };
  },
} satisfies Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update' | 'llm.setApiKey'>;
