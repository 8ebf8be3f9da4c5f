import type { Handlers } from './dispatch';
import type { Core } from '../core';
import { linkHostsIn } from '../../../src-shared/links';
import { listBattlecards, listPlaybooks, restoreBattlecard, restorePlaybook, saveBattlecard, savePlaybook } from '../hints/content-store';

/** Every edit of hint content tells open pages (Playbooks, Live) to reload it. */
const changed = <T>(core: Core, value: T): T => {
  core.events.emit('playbooks.changed', {});
  return value;
};

export const playbookHandlers = {
  'playbooks.list': (p, core) => ({ playbooks: listPlaybooks(core.store, p.language), battlecards: listBattlecards(core.store, p.language) }),
  'playbooks.save': (p, core) => changed(core, savePlaybook(core.store, p)),
  'playbooks.restore': (p, core) => changed(core, restorePlaybook(core.store, p.id)),
  'battlecards.save': (p, core) => changed(core, saveBattlecard(core.store, p)),
  'battlecards.restore': (p, core) => changed(core, restoreBattlecard(core.store, p.id)),
  'links.hosts': (_p, core) => {
    const texts = [
      ...listPlaybooks(core.store).flatMap((p) => [p.title, ...p.replies]),
      ...listBattlecards(core.store).flatMap((b) => [b.positioning, b.talkTrack, ...b.landmines, ...b.proofPoints]),
    ];
    const server = core.sync.status().serverUrl;
    return { hosts: [...new Set([...linkHostsIn(texts), ...(server ? linkHostsIn([server]) : [])])].sort() };
  },
} satisfies Pick<Handlers, 'playbooks.list' | 'playbooks.save' | 'playbooks.restore' | 'battlecards.save' | 'battlecards.restore' | 'links.hosts'>;
