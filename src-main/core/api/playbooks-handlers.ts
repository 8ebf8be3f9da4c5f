import type { Handlers } from './dispatch';
import { listBattlecards, listPlaybooks, restoreBattlecard, restorePlaybook, saveBattlecard, savePlaybook } from '../hints/content-store';

export const playbookHandlers = {
  'playbooks.list': (p, core) => ({ playbooks: listPlaybooks(core.store, p.language), battlecards: listBattlecards(core.store, p.language) }),
  'playbooks.save': (p, core) => {
    const saved = savePlaybook(core.store, p);
    core.events.emit('playbooks.changed', {});
    return saved;
  },
  'playbooks.restore': (p, core) => {
    const restored = restorePlaybook(core.store, p.id);
    core.events.emit('playbooks.changed', {});
    return restored;
  },
  'battlecards.save': (p, core) => {
    const saved = saveBattlecard(core.store, p);
    core.events.emit('playbooks.changed', {});
    return saved;
  },
  'battlecards.restore': (p, core) => {
    const restored = restoreBattlecard(core.store, p.id);
    core.events.emit('playbooks.changed', {});
    return restored;
  },
} satisfies Pick<Handlers, 'playbooks.list' | 'playbooks.save' | 'playbooks.restore' | 'battlecards.save' | 'battlecards.restore'>;
