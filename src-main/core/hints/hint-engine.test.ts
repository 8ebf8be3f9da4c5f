import { describe, expect, it } from 'vitest';
import type { Battlecard, Playbook } from '../../../src-shared/ipc/playbooks';
import type { ObjectionType } from '../../../src-shared/taxonomy';
import type { Analysis } from '../nlp/types';
import { createHintEngine, phraseEndsSentence, type HintEngineOptions, type HintInput } from './hint-engine';

const playbook = (type: ObjectionType, language: 'pt' | 'en'): Playbook => ({
  id: `pb:${type}:${language}`, objectionType: type, language, title: `${type} ${language}`, replies: [`${type}-${language}-1`, `${type}-${language}-2`], origin: 'bundled', updatedAt: 0, hasDefault: true, active: true,
});
const gong = (language: 'pt' | 'en'): Battlecard => ({
  id: `bc:gong:${language}`, competitor: 'gong', name: 'Gong', aliases: ['Gong'], language, positioning: `pos-${language}`, landmines: ['l1'], proofPoints: ['p1'], talkTrack: `talk-${language}`, origin: 'bundled', updatedAt: 0, hasDefault: true, active: true,
});

const engine = (o: Partial<HintEngineOptions> = {}) =>
  createHintEngine({ playbook, battlecard: (id, lang) => (id === 'gong' ? gong(lang) : null), ...o });

const analysis = (text: string, objections: Analysis['objections'] = [], competitors: Analysis['competitors'] = [], language: 'pt' | 'en' = 'en'): Analysis => ({
  text, language, sentiment: { label: 'neutral', score: 0 }, objections, competitors,
});
const input = (a: Analysis, over: Partial<HintInput> = {}): HintInput => ({ analysis: a, speaker: 'customer', fromPartial: false, utteranceKey: 'system:0', atMs: 1000, language: 'auto', ...over });

describe('hint engine', () => {
  it('answers an objection with the playbook reply in the call language', () => {
    const e = engine();
    const d = e.consider(input(analysis('that is too expensive', [{ type: 'price', confidence: 0.9 }]), { language: 'pt' }))!;
    expect(d).toMatchObject({ kind: 'objection', trigger: 'price', text: 'price-pt-1', language: 'pt', sourceId: 'pb:price:pt', fromPartial: false });
  });

  it('ignores the rep, confidence under an explicit floor and utterances without objections', () => {
    const e = engine({ minFinalConfidence: 0.5 });
    expect(e.consider(input(analysis('our price is fair', [{ type: 'price', confidence: 0.9 }]), { speaker: 'rep' }))).toBeNull();
    expect(e.consider(input(analysis('hmm the price', [{ type: 'price', confidence: 0.3 }]), { utteranceKey: 'a' }))).toBeNull();
    expect(e.consider(input(analysis('what does it cost? sounds good'), { utteranceKey: 'b' }))).toBeNull();
  });

  it('by default trusts the objection model\'s own threshold on finals (the analyzer already applied it)', () => {
    const e = engine();
    expect(e.consider(input(analysis('hmm the price', [{ type: 'price', confidence: 0.3 }]), { utteranceKey: 'a' }))).toMatchObject({ trigger: 'price' });
    expect(e.consider(input(analysis('hmm the price is high', [{ type: 'price', confidence: 0.3 }]), { utteranceKey: 'p', fromPartial: true }))).toBeNull();
  });

  it('fires on a phrase (the whole utterance at a pause) without a word count or streak, above the partial confidence bar; its final then shows nothing new', () => {
    const e = engine();
    const short = analysis('too expensive', [{ type: 'price', confidence: 0.97 }]);
    // As a plain partial: too few words, no streak.
    expect(e.consider(input(short, { utteranceKey: 'p1', fromPartial: true }))).toBeNull();
    // A fragment the model reads weakly ("Sure. To be honest," as complexity) waits for the final.
    expect(e.consider(input(analysis('sure to be honest', [{ type: 'complexity', confidence: 0.32 }]), { utteranceKey: 'p3', fromPartial: true, settled: true }))).toBeNull();
    const d = e.consider(input(short, { utteranceKey: 'p2', fromPartial: true, settled: true }))!;
    expect(d).toMatchObject({ trigger: 'price', fromPartial: true });
    // The same utterance's final (or a later phrase of it) does not repeat it.
    expect(e.consider(input(short, { utteranceKey: 'p2' }))).toBeNull();
    // A phrase with no objection in it fires nothing, and leaves the final free to.
    const e2 = engine();
    expect(e2.consider(input(analysis('we looked at the proposal'), { utteranceKey: 'q', fromPartial: true, settled: true }))).toBeNull();
    expect(e2.consider(input(analysis('we looked at the proposal and it is too expensive', [{ type: 'price', confidence: 0.7 }]), { utteranceKey: 'q' }))).toMatchObject({ trigger: 'price', fromPartial: false });
    // A weak phrase leaves the utterance's final free to fire.
    expect(e2.consider(input(analysis('sure to be honest', [{ type: 'complexity', confidence: 0.32 }]), { utteranceKey: 'r', fromPartial: true, settled: true }))).toBeNull();
    expect(e2.consider(input(analysis('sure to be honest we use gong', [], [{ id: 'gong', name: 'Gong', confidence: 0.99 }]), { utteranceKey: 'r' }))).toMatchObject({ trigger: 'gong' });
  });

  it('tells a phrase that ends a sentence from one that goes on', () => {
    for (const t of ['I am worried about being locked into a long contract.', 'Isso não cabe no orçamento.', 'Who else signs off on this?', 'that is way too much!', 'Tá caro demais.”']) expect(phraseEndsSentence(t), t).toBe(true);
    for (const t of ['Sure. To be honest,', 'Claro. Para ser sincera,', 'we looked at it and.', 'a gente viu com o.', 'well...', 'bom…', 'the price is high', 'one thing:', '', '.']) expect(phraseEndsSentence(t), t).toBe(false);
  });

  it('holds a phrase to the sentence bar when it ends a sentence, and to the partial bar when it goes on', () => {
    const e = engine({ minPartialConfidence: 0.92, minSentenceConfidence: 0.6 });
    const phrase = { fromPartial: true, settled: true } as const;
    // A finished sentence the model reads at 0.888: up at the pause, no wait for the final.
    expect(e.consider(input(analysis('I am worried about being locked into a long contract.', [{ type: 'contract', confidence: 0.888 }]), { utteranceKey: 's1', ...phrase }))).toMatchObject({ trigger: 'contract', fromPartial: true });
    // The same confidence on a clause that goes on waits for the final.
    expect(e.consider(input(analysis('To be honest, the contract,', [{ type: 'contract', confidence: 0.888 }]), { utteranceKey: 's2', atMs: 90_000, ...phrase }))).toBeNull();
    // A finished sentence still needs the sentence bar.
    expect(e.consider(input(analysis('We talked to legal.', [{ type: 'authority', confidence: 0.5 }]), { utteranceKey: 's3', ...phrase }))).toBeNull();
    // A plain partial (not a phrase) never uses the sentence bar, whatever its punctuation.
    expect(e.consider(input(analysis('We talked to legal about it.', [{ type: 'authority', confidence: 0.7 }]), { utteranceKey: 's4', fromPartial: true }))).toBeNull();
  });

  it('prefers a named competitor battlecard, then the costliest objection', () => {
    const e = engine();
    const d = e.consider(input(analysis('we use Gong and it is cheaper', [{ type: 'competitor', confidence: 0.95 }, { type: 'price', confidence: 0.7 }], [{ id: 'gong', name: 'Gong', confidence: 0.99 }])))!;
    expect(d).toMatchObject({ kind: 'competitor', trigger: 'gong', title: 'Gong', text: 'talk-en', details: { positioning: 'pos-en', landmines: ['l1'], proofPoints: ['p1'] } });
    const d2 = e.consider(input(analysis('not now, and my boss decides', [{ type: 'timing', confidence: 0.95 }, { type: 'authority', confidence: 0.8 }]), { utteranceKey: 'x' }))!;
    expect(d2.trigger).toBe('authority');
  });

  it('shows one hint per utterance, a cooldown per trigger, and rotates variants', () => {
    const e = engine({ cooldownMs: 10_000 });
    const price = analysis('too expensive', [{ type: 'price', confidence: 0.9 }]);
    expect(e.consider(input(price, { utteranceKey: 'u1', atMs: 1000 }))!.text).toBe('price-en-1');
    // Same utterance again (its final after a partial): nothing new.
    expect(e.consider(input(price, { utteranceKey: 'u1', atMs: 1500 }))).toBeNull();
    // Recurs inside the cooldown: nothing; after it: the next variant.
    expect(e.consider(input(price, { utteranceKey: 'u2', atMs: 5000 }))).toBeNull();
    expect(e.consider(input(price, { utteranceKey: 'u3', atMs: 12_000 }))!.text).toBe('price-en-2');
    expect(e.consider(input(price, { utteranceKey: 'u4', atMs: 23_000 }))!.text).toBe('price-en-1');
    // A different trigger is not held back by the price cooldown.
    expect(e.consider(input(analysis('not the right time', [{ type: 'timing', confidence: 0.9 }]), { utteranceKey: 'u5', atMs: 23_500 }))!.trigger).toBe('timing');
  });

  it('gates partials: the label must hold, confidently, while the utterance grows', () => {
    // Confidences below are what the project's objection model gives these prefixes.
    const seq = (key: string, steps: [string, ObjectionType | null, number][]) => {
      const e = engine();
      return steps.map(([text, type, conf]) => e.consider(input(analysis(text, type ? [{ type, confidence: conf }] : []), { fromPartial: true, utteranceKey: key }))?.trigger ?? null);
    };
    // "Okay, but this…" reads as authority until "expensive" arrives: nothing fires early.
    expect(
      seq('a', [
        ['Okay, but this is', 'authority', 0.95],
        ['Okay, but this is way', 'authority', 0.92],
        ['Okay, but this is way too', 'authority', 0.55],
        ['Okay, but this is way too expensive', 'price', 0.92],
        ['Okay, but this is way too expensive for', 'price', 0.94],
        ['Okay, but this is way too expensive for a', 'price', 0.94],
        ['Okay, but this is way too expensive for a team', 'price', 0.93],
      ]),
    ).toEqual([null, null, null, null, null, null, 'price']);
    // "I am worried about being locked into a long contract": trust until the last word.
    expect(
      seq('b', [
        ['I am worried about being', 'trust', 0.98],
        ['I am worried about being locked', 'trust', 0.94],
        ['I am worried about being locked into', 'trust', 0.92],
        ['I am worried about being locked into a', 'trust', 0.91],
        ['I am worried about being locked into a long', 'trust', 0.9],
      ]).filter(Boolean),
    ).toEqual([]);
    // A named competitor goes up as soon as it is heard; the generic objection alone waits.
    const e = engine();
    const partial = (text: string, a: Analysis) => e.consider(input(a, { fromPartial: true, utteranceKey: 'c' }));
    expect(partial('x', analysis('To be honest we already use', [{ type: 'competitor', confidence: 0.97 }]))).toBeNull();
    expect(partial('x', analysis('To be honest we already use the', [{ type: 'competitor', confidence: 0.97 }]))).toBeNull();
    expect(partial('x', analysis('To be honest we already use Gong', [{ type: 'competitor', confidence: 0.97 }], [{ id: 'gong', name: 'Gong', confidence: 0.95 }]))!.trigger).toBe('gong');
  });

  it('the generic competitor playbook still answers on the final when no name was heard', () => {
    const e = engine();
    expect(e.consider(input(analysis('we already have a tool for that', [{ type: 'competitor', confidence: 0.9 }])))!.text).toBe('competitor-en-1');
  });

  it('falls back to the other language when the call language has no playbook', () => {
    const e = createHintEngine({ playbook: (t, l) => (l === 'en' ? playbook(t, l) : null), battlecard: () => null });
    expect(e.consider(input(analysis('caro demais', [{ type: 'price', confidence: 0.9 }], [], 'pt')))!.language).toBe('en');
  });
});
