import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptEvent } from '../asr/types';
import type { AudioSource } from '../audio/types';
import { createCore, type Core } from '../core';
import type { Analyzer } from '../nlp/types';
import { tempDir } from '../../../test/helpers';
import type { LiveDeps } from '../live/live-manager';
import type { Pipeline } from '../live/call-session';
import { createDispatcher } from './dispatch';
import { handlers } from './handlers';
import { getHintRow } from '../store/hints';

const silent: AudioSource = { kind: 'file', channels: ['system'], async *frames() {
  yield* [];
} };
const analyzer: Analyzer = {
  analyze: async (text) => ({ text, language: 'en', sentiment: { label: 'negative', score: -0.5 }, objections: /expensive/.test(text) ? [{ type: 'price', confidence: 0.9 }] : [], competitors: [] }),
  close: async () => undefined,
};
const final = (startMs: number, endMs: number, text: string): TranscriptEvent => ({ type: 'final', speaker: 'customer', channel: 'system', startMs, endMs, text, language: 'en', engine: 'reference' });

/** A pipeline that emits its transcripts, then holds the call open until it is stopped. */
function heldPipeline(events: TranscriptEvent[]): Pipeline & { emitted: Promise<void> } {
  let done!: () => void;
  const emitted = new Promise<void>((r) => (done = r));
  return {
    emitted,
    async *segment(_s, { signal }) {
      await new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
      yield* [];
    },
    async *transcribe(segments) {
      for (const e of events) yield e;
      done();
      for await (const _ of segments) yield* [];
    },
  };
}

describe('live and hints handlers through the dispatcher', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  const setup = (pipeline: Pipeline): { core: Core; dispatch: ReturnType<typeof createDispatcher> } => {
    const t = tempDir();
    const deps: LiveDeps = {
      pipeline,
      openSource: async () => ({ source: silent, realtime: false, kind: 'replay' }),
      openAsr: async () => ({ id: 'reference', backend: 'test', transcribe: async () => ({ text: '', language: null }), close: async () => undefined }),
      openAnalyzer: async () => analyzer,
    };
    const core = createCore({ dataDir: t.dir, liveDeps: () => deps });
    cleanups.push(async () => {
      await core.close();
      t.cleanup();
    });
    return { core, dispatch: createDispatcher(core, handlers) };
  };

  it('start, snapshot, rep actions, render report, list, stop', async () => {
    const pipeline = heldPipeline([final(1000, 3000, 'This is far too expensive for us')]);
    const { core, dispatch } = setup(pipeline);
    const updates: string[] = [];
    core.events.on('live.hint.updated', (h) => updates.push(h.status));
    const started = await dispatch('live.start', { source: { kind: 'file', path: '/x.wav', realtime: false } });
    expect(started.ok).toBe(true);
    const callId = (started as { result: { callId: string } }).result.callId;
    expect(await dispatch('live.start', { source: { kind: 'demo' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await pipeline.emitted;
    // The final is analysed after it is emitted: wait for its hint, not for a fixed time.
    type Snap = { ok: true; result: { state: { state: string }; transcript: unknown[]; hints: { id: string; trigger: string }[] } };
    const snap = await vi.waitFor(async () => {
      const s = (await dispatch('live.snapshot', {})) as Snap;
      if (s.result.hints.length === 0) throw new Error('no hint yet');
      return s;
    });
    expect(snap.result.state.state).toBe('running');
    expect(snap.result.transcript).toHaveLength(1);
    expect(snap.result.hints.map((h) => h.trigger)).toEqual(['price']);
    const id = snap.result.hints[0]!.id;

    expect(await dispatch('hints.rendered', { id })).toMatchObject({ ok: true, result: { shownMs: 3000 } });
    expect(await dispatch('hints.rendered', { id })).toMatchObject({ ok: true, result: { shownMs: null } }); // first paint only
    expect(await dispatch('hints.action', { id, action: 'pin' })).toMatchObject({ ok: true, result: { status: 'pinned', trigger: 'price' } });
    expect(await dispatch('hints.action', { id, action: 'used' })).toMatchObject({ ok: true, result: { status: 'used' } });
    expect(getHintRow(core.store, id)?.status).toBe('used');
    expect(updates).toContain('pinned');
    expect(await dispatch('hints.action', { id, action: 'explode' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await dispatch('hints.action', { id: 'nope', action: 'pin' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no hint with id nope' } });

    expect(await dispatch('live.stop', {})).toMatchObject({ ok: true, result: { callId } });
    expect(((await dispatch('live.snapshot', {})) as { result: { state: { state: string } } }).result.state.state).toBe('ended');
    const list = (await dispatch('hints.list', { callId })) as { ok: true; result: { status: string; title: string; utterance: string }[] };
    expect(list.result).toEqual([expect.objectContaining({ status: 'used', title: 'Too expensive', utterance: 'This is far too expensive for us' })]);
    expect(await dispatch('live.stop', {})).toMatchObject({ ok: true, result: { callId: null } });
  });

  it('playbooks through the contract: list per language, one-line validation errors', async () => {
    const { dispatch } = setup(heldPipeline([]));
    const list = (await dispatch('playbooks.list', { language: 'pt' })) as { ok: true; result: { playbooks: { language: string }[]; battlecards: unknown[] } };
    expect(list.result.playbooks.length).toBe(9);
    expect(list.result.playbooks.every((p) => p.language === 'pt')).toBe(true);
    expect(list.result.battlecards.length).toBeGreaterThanOrEqual(8);
    expect(await dispatch('playbooks.save', { id: 'playbook:price:pt', title: 'Preço', replies: [] })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('at least one reply') } });
    expect(await dispatch('battlecards.restore', { id: 'battlecard:gong:xx' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
