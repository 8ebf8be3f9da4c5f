import type { Handlers } from './dispatch';
import { fetchQuota, fetchTeam, setTeamQuota } from '../sync/team';

export const syncHandlers = {
  'sync.status': (_p, core) => core.sync.status(),
  'sync.enroll': (p, core) => core.sync.enroll(p),
  'sync.login': (p, core) => core.sync.login(p),
  'sync.now': (_p, core) => core.sync.syncNow(),
  'sync.signOut': (_p, core) => core.sync.signOut(),
  'sync.team': (p, core) => fetchTeam(core.store, p),
  'sync.setQuota': (p, core) => setTeamQuota(core.store, p),
  'sync.quota': (p, core) => fetchQuota(core.store, p.period),
} satisfies Pick<Handlers, 'sync.status' | 'sync.enroll' | 'sync.login' | 'sync.now' | 'sync.signOut' | 'sync.team' | 'sync.setQuota' | 'sync.quota'>;
