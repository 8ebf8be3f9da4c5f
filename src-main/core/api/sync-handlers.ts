import type { Handlers } from './dispatch';
import { syncRuntime } from '../sync/runtime';
import { fetchTeam } from '../sync/team';

export const syncHandlers = {
  'sync.status': (_p, core) => syncRuntime(core).status(),
  'sync.enroll': (p, core) => syncRuntime(core).enroll(p),
  'sync.login': (p, core) => syncRuntime(core).login(p),
  'sync.now': (_p, core) => syncRuntime(core).syncNow(),
  'sync.signOut': (_p, core) => syncRuntime(core).signOut(),
  'sync.team': (p, core) => fetchTeam(core.store.sqlite, p),
} satisfies Pick<Handlers, 'sync.status' | 'sync.enroll' | 'sync.login' | 'sync.now' | 'sync.signOut' | 'sync.team'>;
