import { useCallback, useEffect, useState } from 'react';
import type { EventPayload } from '../../../src-shared/ipc';
import type { CallState, Hint, HintAction, SentimentPoint, TailoredReply, TranscriptLine } from '../../../src-shared/ipc/live';
import { useCore } from '../core-context';

type Level = EventPayload<'live.level'>;
type Health = EventPayload<'live.health'>;

export type LiveCall = {
  state: CallState | null;
  /** Final lines, oldest first. */
  finals: TranscriptLine[];
  /** The utterance in progress per speaker (latest partial). */
  partials: Partial<Record<'rep' | 'customer', TranscriptLine>>;
  hints: Hint[];
  tailored: Record<string, TailoredReply>;
  sentiment: SentimentPoint | null;
  levels: Partial<Record<'mic' | 'system', Level>>;
  health: Partial<Record<'mic' | 'system', Health>>;
  /** performance.now() of the latest hint (overlay idle fade). */
  lastHintAt: number | null;
  act(hint: Hint, action: HintAction): Promise<void>;
};

const MAX_FINALS = 300;

/** The running call as the Live page and overlay see it: a snapshot, then live events. */
export function useLiveCall(): LiveCall {
  const { api } = useCore();
  const [state, setState] = useState<CallState | null>(null);
  const [finals, setFinals] = useState<TranscriptLine[]>([]);
  const [partials, setPartials] = useState<LiveCall['partials']>({});
  const [hints, setHints] = useState<Hint[]>([]);
  const [tailored, setTailored] = useState<Record<string, TailoredReply>>({});
  const [sentiment, setSentiment] = useState<SentimentPoint | null>(null);
  const [levels, setLevels] = useState<LiveCall['levels']>({});
  const [health, setHealth] = useState<LiveCall['health']>({});
  const [lastHintAt, setLastHintAt] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    void api.invoke('live.snapshot', {}).then((snap) => {
      if (cancelled) return;
      setState(snap.state);
      setFinals(snap.transcript.filter((l) => l.type === 'final'));
      const p: LiveCall['partials'] = {};
      for (const l of snap.transcript) if (l.type === 'partial') p[l.speaker] = l;
      setPartials(p);
      setHints(snap.hints);
      setSentiment(snap.sentiment);
    });
    const offs = [
      api.on('live.state', (s) => {
        setState(s);
        if (s.state === 'starting') {
          setFinals([]);
          setPartials({});
          setHints([]);
          setTailored({});
          setSentiment(null);
        }
      }),
      api.on('live.transcript', (line) => {
        if (line.type === 'partial') {
          setPartials((p) => ({ ...p, [line.speaker]: line }));
        } else {
          setPartials((p) => ({ ...p, [line.speaker]: undefined }));
          setFinals((f) => [...f, line].slice(-MAX_FINALS));
        }
      }),
      api.on('live.hint', (h) => {
        setHints((list) => (list.some((x) => x.id === h.id) ? list : [...list, h]));
        setLastHintAt(performance.now());
      }),
      api.on('live.hint.updated', (h) => setHints((list) => list.map((x) => (x.id === h.id ? h : x)))),
      api.on('live.hint.tailored', (t) => setTailored((m) => ({ ...m, [t.hintId]: t }))),
      api.on('live.sentiment', (s) => s.speaker === 'customer' && setSentiment(s)),
      api.on('live.level', (l) => setLevels((m) => ({ ...m, [l.channel]: l }))),
      api.on('live.health', (h) => setHealth((m) => ({ ...m, [h.channel]: h }))),
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
      setHints((list) => list.map((x) => (x.id === updated.id ? updated : x)));
    },
    [api],
  );

  return { state, finals, partials, hints, tailored, sentiment, levels, health, lastHintAt, act };
}
