import type { Handlers } from './dispatch';
import { getHintRow, hintFromRow, listHints } from '../hints/hint-store';
import { recordHintAction } from '../live/session-recorder';

export const liveHandlers = {
  'live.start': (p, core) => core.live.start(p),
  'live.stop': (_p, core) => core.live.stop(),
  'live.snapshot': (_p, core) => core.live.snapshot(),
  'live.devices': (_p, core) => core.live.devices(),
  'hints.action': (p, core) => {
    const row = recordHintAction(core.store, p.id, p.action);
    const current = core.live.snapshot().hints.find((h) => h.id === p.id);
    const hint = current ? { ...current, status: row.status } : hintFromRow(core.store, row);
    core.events.emit('live.hint.updated', hint);
    return hint;
  },
  'hints.rendered': (p, core) => {
    // Only hints of the running call have a clock to read; older ones keep their shown_ms.
    if (!getHintRow(core.store, p.id)) return { shownMs: null };
    return { shownMs: core.live.hintRendered(p.id) };
  },
  'hints.list': (p, core) => listHints(core.store, p.callId),
} satisfies Pick<Handlers, 'live.start' | 'live.stop' | 'live.snapshot' | 'live.devices' | 'hints.action' | 'hints.rendered' | 'hints.list'>;
