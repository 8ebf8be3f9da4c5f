import type { Handlers } from './dispatch';
import { readSettings, updateSettings } from '../settings/settings-store';

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
  }),
  'settings.get': (_p, core) => readSettings(core.store),
  'settings.update': (patch, core) => {
    const next = updateSettings(core.store, patch, core.lockedSettings);
    core.events.emit('settings.changed', next);
    return next;
  },
} satisfies Pick<Handlers, 'app.info' | 'settings.get' | 'settings.update'>;
