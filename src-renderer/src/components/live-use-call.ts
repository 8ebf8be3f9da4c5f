import { useCallback, useEffect, useReducer, useState } from 'react';
import type { Hint, HintAction, LiveSnapshot } from '../../../src-shared/ipc/live';
import { emptyLiveView, reduceLive, viewFromSnapshot, type LiveEvent, type LiveView } from '../../../src-shared/live-view';
import { useCore } from '../core-context';

export type LiveCall = LiveView & {
  /** performance.now() of the latest hint (overlay idle fade). */
  lastHintAt: number | null;
  act(hint: Hint, action: HintAction): Promise<void>;
};

type Action = LiveEvent | { event: 'snapshot'; payload: LiveSnapshot };

// The core reduces the same events with the same reducer (src-shared/live-view.ts); a snapshot
// (the page opened mid-call) replaces what it carries and keeps the rest (meters, tailoring).
const reduce = (view: LiveView, a: Action): LiveView => (a.event === 'snapshot' ? viewFromSnapshot(a.payload, view) : reduceLive(view, a));

/** The running call as the Live page and overlay see it: a snapshot, then live events. */
export function useLiveCall(): LiveCall {
  const { api } = useCore();
  const [view, dispatch] = useReducer(reduce, undefined, emptyLiveView);
  const [lastHintAt, setLastHintAt] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    void api.invoke('live.snapshot', {}).then((snap) => {
      if (!cancelled) dispatch({ event: 'snapshot', payload: snap });
    });
    const offs = [
      api.on('live.state', (payload) => dispatch({ event: 'live.state', payload })),
      api.on('live.transcript', (payload) => dispatch({ event: 'live.transcript', payload })),
      api.on('live.hint', (payload) => {
        dispatch({ event: 'live.hint', payload });
        setLastHintAt(performance.now());
      }),
      api.on('live.hint.updated', (payload) => dispatch({ event: 'live.hint.updated', payload })),
      api.on('live.hint.tailored', (payload) => dispatch({ event: 'live.hint.tailored', payload })),
      api.on('live.sentiment', (payload) => dispatch({ event: 'live.sentiment', payload })),
      api.on('live.level', (payload) => dispatch({ event: 'live.level', payload })),
      api.on('live.health', (payload) => dispatch({ event: 'live.health', payload })),
    ];
    return () => {
      cancelled = true;
      offs.forEach((off) => off());
    };
  }, [api]);

  const act = useCallback(
    async (hint: Hint, action: HintAction) => {
      if (action === 'copy') await navigator.clipboard?.writeText(hint.text).catch(() => undefined);
      const updated = await api.invoke('hints.action', { id: hint.id, action });
      dispatch({ event: 'live.hint.updated', payload: updated });
    },
    [api],
  );

  return { ...view, lastHintAt, act };
}
