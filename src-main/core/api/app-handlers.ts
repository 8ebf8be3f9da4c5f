import type { Handlers } from './dispatch';
import { updateSettings } from '../settings/settings-store';
import { applyPolicy } from '../policy/policy';

export const appHandlers = {
  'app.info': (_p, core) => ({
    name: 'SalesEdge Copilot',
    version: core.version,
    platform: `${process.platform}-${process.arch}`,
    dataDir: core.dataDir,
    transport: core.transport,
    schemaVersion: core.store.schemaVersion,
    asrBackend: core.asrBackend ?? 'none',
    lockedSettings: core.lockedSettings,
    policyError: core.policyError,
  }),
  'settings.get': (_p, core) => core.settings(),
  'settings.update': (patch, core) => {
    const next = applyPolicy(updateSettings(core.store, patch, core.lockedSettings), core.policy);
    core.events.emit('settings.changed', next);
    return next;
  },
} satisfies Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update'>;
