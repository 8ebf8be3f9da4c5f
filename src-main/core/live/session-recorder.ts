/**
 * The per-call state behind runCallSession: what to do with each transcript event. Finals
 * are stored (segment, sentiment, detections) and analysed in order; customer partials are
 * analysed "latest wins" so a slow analyzer never queues stale text. Hints are stored the
 * moment they are emitted, with the stream clock's time; a hint fired on a partial gets its
 * utterance's real end of speech when the final arrives (latency may then be negative: the
 * hint was up before the customer finished).
 */
import type { Hint } from '../../../src-shared/ipc/live';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { TranscriptEvent } from '../asr/types';
import type { CoreContext } from '../context';
import type { Analysis, Analyzer } from '../nlp/types';
import type { HintDecision, HintEngine } from '../hints/hint-engine';
import { insertHint, setHintShown, setHintSpeechEnd, setHintStatus } from '../hints/hint-store';
import { enqueueCallInsight } from '../sync/insights';
import { endCallRow, insertCallRow, setCallLanguage } from '../store/calls';
import { callEndedAt, type HintRow } from '../store/hints';
import { transaction } from '../store/query';
import { insertDetectionRow, insertSegmentRow, insertSentimentRow } from '../store/segments';
import type { Tailor } from '../llm/tailor';
import type { HintAction } from '../../../src-shared/ipc/live';
import type { Store } from '../store/db';
import type { LiveEvent, RollingSentiment } from './live-types';
import type { StreamClock } from './stream-clock';
import { oneLine } from '../../../src-shared/errors';

type Options = {
  core: CoreContext;
  callId: string;
  emit(e: LiveEvent): void;
  clock: StreamClock;
  language: 'pt' | 'en' | 'auto';
  tailor: Tailor | null;
  rolling: RollingSentiment;
  engine: HintEngine;
  analyzer: Analyzer;
};

const TURNS_FOR_LLM = 6;

/**
 * How long after a hint is emitted (stream clock) the overlay's paint report still counts as
 * the paint of that emission. A fresh hint reaches the screen in tens of milliseconds (IPC,
 * React, two animation frames), a few hundred under load; anything later is an overlay that
 * opened afterwards re-painting an old hint, which says nothing about when the rep first saw it.
 */
export const MAX_PAINT_LAG_MS = 2000;

/**
 * The rep's feedback on a hint (pin, copy, used, dismiss). It changes the call's hint-use
 * figures managers see, so once the call has ended its insight is queued for sync again, in
 * the same transaction: the recorder feeds the outbox, the hint store does not know sync.
 */
export function recordHintAction(store: Store, id: string, action: HintAction): HintRow {
  return transaction(store, () => {
    const updated = setHintStatus(store, id, action);
    if (callEndedAt(store, updated.call_id)) enqueueCallInsight(store, updated.call_id);
    return updated;
  });
}

export function createSessionRecorder(o: Options) {
  const { core, callId } = o;
  const store = core.store;
  const keyOf = (ev: TranscriptEvent) => `${ev.channel}:${Math.round(ev.startMs)}`;
  let chain: Promise<void> = Promise.resolve();
  /** The newest customer partial waiting for analysis, per utterance. */
  const pendingPartials = new Map<string, TranscriptEvent>();
  const hintsByUtterance = new Map<string, Hint[]>();
  const finalizedUtterances = new Set<string>();
  /** Hints whose render report has been judged (counted or refused): later reports never count. */
  const rendered = new Set<string>();
  let live = true;
  const hints = new Map<string, Hint>();
  const turns: { speaker: 'rep' | 'customer'; text: string }[] = [];
  const tailoring: Promise<void>[] = [];
  let callLanguage: SpokenLanguage | null = o.language === 'auto' ? null : o.language;
  let customerScores: number[] = [];
  let failures = 0;

  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(job).catch((err: unknown) => {
      failures += 1;
      core.log.warn({ err }, 'live analysis failed');
    });
  };

  const analyze = (text: string, lang: 'pt' | 'en' | null): Promise<Analysis> => o.analyzer.analyze(text, lang ? { language: lang } : callLanguage ? { language: callLanguage } : undefined);

  const showHint = (decision: HintDecision, ev: TranscriptEvent, segmentId: number | null) => {
    const shownMs = o.clock.now(ev.endMs);
    const hint = insertHint(core.store, { callId, decision, speechEndMs: ev.endMs, shownMs, segmentId });
    hints.set(hint.id, hint);
    const key = keyOf(ev);
    hintsByUtterance.set(key, [...(hintsByUtterance.get(key) ?? []), hint]);
    o.emit({ event: 'live.hint', payload: hint });
    if (o.tailor) tailoring.push(tailor(o.tailor, hint, decision));
  };

  const tailor = async (t: Tailor, hint: Hint, decision: HintDecision) => {
    let text = '';
    try {
      for await (const delta of t.stream({ hint: { kind: decision.kind, trigger: decision.trigger, title: decision.title, text: decision.text }, playbookLines: decision.playbookLines, turns: turns.slice(-TURNS_FOR_LLM), language: decision.language })) {
        text += delta;
        o.emit({ event: 'live.hint.tailored', payload: { callId, hintId: hint.id, text, done: false, error: null } });
      }
      text = text.trim();
      if (text) {
        insertHint(core.store, {
          callId, kind: 'llm', decision: { ...decision, text }, speechEndMs: hint.speechEndMs, shownMs: o.clock.now(hint.shownMs),
          segmentId: null,
        });
      }
      o.emit({ event: 'live.hint.tailored', payload: { callId, hintId: hint.id, text, done: true, error: null } });
    } catch (err) {
      // The local hint stays exactly as it was: only the tailored reply reports the failure.
      o.emit({ event: 'live.hint.tailored', payload: { callId, hintId: hint.id, text, done: true, error: oneLine(err) } });
    }
  };

  const onPartial = async (key: string) => {
    const ev = pendingPartials.get(key);
    pendingPartials.delete(key);
    if (!ev || finalizedUtterances.has(key)) return;
    const analysis = await analyze(ev.text, ev.language);
    if (finalizedUtterances.has(key)) return;
    const decision = o.engine.consider({ analysis, speaker: ev.speaker, fromPartial: true, settled: ev.phrase === true, utteranceKey: key, atMs: ev.endMs, language: callLanguage ?? 'auto' });
    if (decision) showHint(decision, ev, null);
  };

  const onFinal = async (ev: TranscriptEvent) => {
    const key = keyOf(ev);
    finalizedUtterances.add(key);
    pendingPartials.delete(key);
    const text = ev.text.trim();
    if (!callLanguage && ev.language) {
      callLanguage = ev.language;
      setCallLanguage(store, callId, callLanguage);
    }
    if (!text) {
      o.engine.endUtterance(key);
      return;
    }
    const segmentId = insertSegmentRow(store, {
      call_id: callId, speaker: ev.speaker, start_ms: Math.round(ev.startMs), end_ms: Math.round(ev.endMs), text, language: ev.language, engine: ev.engine,
    });
    turns.push({ speaker: ev.speaker, text });
    // Hints shown on this utterance's partials now learn when the customer stopped speaking.
    for (const h of hintsByUtterance.get(key) ?? []) {
      setHintSpeechEnd(core.store, h.id, ev.endMs, segmentId);
      const updated: Hint = { ...h, speechEndMs: Math.round(ev.endMs), latencyMs: h.shownMs - Math.round(ev.endMs) };
      hints.set(h.id, updated);
      o.emit({ event: 'live.hint.updated', payload: updated });
    }
    const analysis = await analyze(text, ev.language);
    if (!callLanguage) {
      callLanguage = analysis.language;
      setCallLanguage(store, callId, callLanguage);
    }
    let rolling: number | null = null;
    if (ev.speaker === 'customer') {
      rolling = o.rolling.push(analysis.sentiment.score, text);
      customerScores.push(analysis.sentiment.score);
    }
    const atMs = Math.round(ev.endMs);
    insertSentimentRow(store, { call_id: callId, segment_id: segmentId, at_ms: atMs, label: analysis.sentiment.label, score: analysis.sentiment.score, rolling });
    o.emit({ event: 'live.sentiment', payload: { callId, speaker: ev.speaker, atMs: Math.round(ev.endMs), label: analysis.sentiment.label, score: analysis.sentiment.score, rolling } });
    if (ev.speaker === 'customer') {
      for (const ob of analysis.objections) insertDetectionRow(store, { call_id: callId, segment_id: segmentId, kind: 'objection', value: ob.type, confidence: ob.confidence, at_ms: atMs });
      for (const c of analysis.competitors) insertDetectionRow(store, { call_id: callId, segment_id: segmentId, kind: 'competitor', value: c.id, confidence: c.confidence, at_ms: atMs });
    }
    const decision = o.engine.consider({ analysis, speaker: ev.speaker, fromPartial: false, utteranceKey: key, atMs: ev.endMs, language: callLanguage ?? 'auto' });
    o.engine.endUtterance(key);
    if (decision) showHint(decision, ev, segmentId);
  };

  return {
    createCall(title: string, kind: string) {
      const now = Date.now();
      insertCallRow(store, { id: callId, title, source: kind, language: callLanguage, started_at: now, created_at: now });
    },
    transcript(ev: TranscriptEvent) {
      o.emit({ event: 'live.transcript', payload: { callId, type: ev.type, speaker: ev.speaker, startMs: Math.round(ev.startMs), endMs: Math.round(ev.endMs), text: ev.text, language: ev.language, ...(ev.asrMs !== undefined ? { asr: { computeMs: ev.asrMs, afterEndMs: ev.afterEndMs ?? null, speculative: ev.speculative ?? false } } : {}), ...(ev.phrase ? { phrase: true } : {}) } });
      const key = keyOf(ev);
      if (ev.type === 'final') {
        enqueue(() => onFinal(ev));
      } else if (ev.speaker === 'customer' && !finalizedUtterances.has(key)) {
        // Queue one job per utterance; a newer partial replaces the text it will read.
        const queued = pendingPartials.has(key);
        pendingPartials.set(key, ev);
        if (!queued) enqueue(() => onPartial(key));
      }
    },
    drain: async () => {
      let current: Promise<void>;
      do {
        current = chain;
        await current;
      } while (current !== chain);
    },
    /**
     * The overlay painted a hint. The latency of record is the first paint while the call is
     * live, so a report counts only if (1) it is the first report for that hint, (2) the call
     * has not finished, and (3) it comes within MAX_PAINT_LAG_MS of the hint's emission. Any
     * other report (a second paint, an overlay opened mid-call re-painting old hints, one
     * opened after the call) returns null and leaves shown_ms as stored: the emission time, or
     * the first paint that counted. The first report decides, whether it counts or not.
     */
    hintRendered(id: string): number | null {
      const hint = hints.get(id);
      if (!hint || rendered.has(id)) return null;
      rendered.add(id);
      if (!live) return null;
      const shownMs = Math.round(o.clock.now(hint.shownMs));
      if (shownMs - hint.shownMs > MAX_PAINT_LAG_MS) return null;
      // Never earlier than the event: a paint cannot precede the hint it shows.
      const final = Math.max(shownMs, hint.shownMs);
      setHintShown(core.store, id, final);
      const updated: Hint = { ...hint, shownMs: final, latencyMs: final - hint.speechEndMs };
      hints.set(id, updated);
      o.emit({ event: 'live.hint.updated', payload: updated });
      return final;
    },
    finishCall(positionMs: number) {
      live = false;
      const avg = customerScores.length ? customerScores.reduce((a, b) => a + b, 0) / customerScores.length : null;
      // The call's insight goes to the sync outbox in the same transaction as its final row.
      transaction(store, () => {
        endCallRow(store, callId, { endedAt: Date.now(), durationMs: Math.round(positionMs), sentimentAvg: avg, language: callLanguage });
        enqueueCallInsight(store, callId);
      });
      customerScores = [];
    },
    settleTailoring: async () => {
      await Promise.allSettled(tailoring);
    },
    get failures() {
      return failures;
    },
  };
}
