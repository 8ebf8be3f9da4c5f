import type { Handlers } from './dispatch';
import { syncRuntime } from '../sync/runtime';

export const syncHandlers = {
  'sync.status': (_p, core) => syncRuntime(core).status(),
  'sync.enroll': (p, core) => syncRuntime(core).enroll(p),
  'sync.login': (p, core) => syncRuntime(core).login(p),
  'sync.now': (_p, core) => syncRuntime(core).syncNow(),
  'sync.signOut': (_p, core) => syncRuntime(core).signOut(),
} satisfies Pick<Handlers, 'sync.status' | 'sync.enroll' | 'sync.login' | 'sync.now' | 'sync.signOut'>;
