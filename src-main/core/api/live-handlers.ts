import type { Handlers } from './dispatch';
import { getHintRow, hintFromRow, listHints, setHintStatus } from '../hints/hint-store';
import { defaultLiveDeps } from '../live/default-deps';
import { liveManagerOf } from '../live/live-manager';
import type { Core } from '../core';

const live = (core: Core) => liveManagerOf(core, defaultLiveDeps);

export const liveHandlers = {
  'live.start': (p, core) => live(core).start(p),
  'live.stop': (_p, core) => live(core).stop(),
  'live.snapshot': (_p, core) => live(core).snapshot(),
  'live.devices': (_p, core) => live(core).devices(),
  'hints.action': (p, core) => {
    const row = setHintStatus(core.store, p.id, p.action);
    const current = live(core).snapshot().hints.find((h) => h.id === p.id);
    const hint = current ? { ...current, status: row.status } : hintFromRow(core.store, row);
    core.events.emit('live.hint.updated', hint);
    return hint;
  },
  'hints.rendered': (p, core) => {
    // Only hints of the running call have a clock to read; older ones keep their shown_ms.
    if (!getHintRow(core.store, p.id)) return { shownMs: null };
    return { shownMs: live(core).hintRendered(p.id) };
  },
  'hints.list': (p, core) => listHints(core.store, p.callId),
} satisfies Pick<Handlers, 'live.start' | 'live.stop' | 'live.snapshot' | 'live.devices' | 'hints.action' | 'hints.rendered' | 'hints.list'>;
