/**
 * The one reducer of live events. The core keeps the running call's view with it (so a page or
 * overlay that opens mid-call gets a snapshot), and the renderer keeps its own with it (the Live
 * page and the overlay): the same events, reduced by the same rules, give the same view.
 */
import type { EventPayload } from './ipc';
import type { CallState, Hint, LiveSnapshot, liveEvents, SentimentPoint, TailoredReply, TranscriptLine } from './ipc/live';

type LiveEventMap = typeof liveEvents;
export type LiveEventName = keyof LiveEventMap;
/** One live event as the Live page and the overlay receive it. */
export type LiveEvent = { [E in LiveEventName]: { event: E; payload: EventPayload<E> } }[LiveEventName];

type Channel = 'mic' | 'system';

export type LiveView = {
  state: CallState | null;
  /** Final lines, oldest first (the last MAX_FINALS). */
  finals: TranscriptLine[];
  /** The utterance in progress per speaker (latest partial); a final ends it. */
  partials: Partial<Record<'rep' | 'customer', TranscriptLine>>;
  hints: Hint[];
  tailored: Record<string, TailoredReply>;
  /** The customer's running sentiment (the rep's is not shown). */
  sentiment: SentimentPoint | null;
  levels: Partial<Record<Channel, EventPayload<'live.level'>>>;
  health: Partial<Record<Channel, EventPayload<'live.health'>>>;
};

export const MAX_FINALS = 500;

export const emptyLiveView = (): LiveView => ({ state: null, finals: [], partials: {}, hints: [], tailored: {}, sentiment: null, levels: {}, health: {} });

export function reduceLive(view: LiveView, e: LiveEvent): LiveView {
  switch (e.event) {
    case 'live.state':
      // A new call starts with nothing of the last one (meters keep their channels).
      return e.payload.state === 'starting' ? { ...emptyLiveView(), levels: view.levels, health: view.health, state: e.payload } : { ...view, state: e.payload };
    case 'live.transcript': {
      const line = e.payload;
      if (line.type === 'partial') return { ...view, partials: { ...view.partials, [line.speaker]: line } };
      const partials = { ...view.partials };
      delete partials[line.speaker];
      return { ...view, partials, finals: [...view.finals, line].slice(-MAX_FINALS) };
    }
    case 'live.hint':
      return view.hints.some((h) => h.id === e.payload.id) ? view : { ...view, hints: [...view.hints, e.payload] };
    case 'live.hint.updated':
      return { ...view, hints: view.hints.map((h) => (h.id === e.payload.id ? e.payload : h)) };
    case 'live.hint.tailored':
      return { ...view, tailored: { ...view.tailored, [e.payload.hintId]: e.payload } };
    case 'live.sentiment':
      return e.payload.speaker === 'customer' ? { ...view, sentiment: e.payload } : view;
    case 'live.level':
      return { ...view, levels: { ...view.levels, [e.payload.channel]: e.payload } };
    case 'live.health':
      return { ...view, health: { ...view.health, [e.payload.channel]: e.payload } };
    default:
      return view;
  }
}

/** What `live.snapshot` answers: the view's call state, transcript (finals, then partials), hints and sentiment. */
export function snapshotOf(view: LiveView, idle: CallState): LiveSnapshot {
  const partials = (['rep', 'customer'] as const).map((s) => view.partials[s]).filter((l): l is TranscriptLine => !!l);
  return { state: view.state ?? idle, transcript: [...view.finals, ...partials], hints: view.hints, sentiment: view.sentiment };
}

/** A view from a snapshot (a page opened mid-call), keeping what a snapshot does not carry. */
export function viewFromSnapshot(snap: LiveSnapshot, base: LiveView = emptyLiveView()): LiveView {
  const partials: LiveView['partials'] = {};
  for (const l of snap.transcript) if (l.type === 'partial') partials[l.speaker] = l;
  return { ...base, state: snap.state, finals: snap.transcript.filter((l) => l.type === 'final').slice(-MAX_FINALS), partials, hints: snap.hints, sentiment: snap.sentiment };
}
