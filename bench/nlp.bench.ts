// NLP cost per utterance on this CPU: model load, featurisation alone, the full analyze()
// (both ONNX sessions + competitors), and analyze() on growing partial transcripts, the way
// the live path calls it while the customer is still talking.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAnalyzer } from '../src-main/core/nlp/analyzer';
import { createCompetitorDetector } from '../src-main/core/nlp/competitors';
import { DEFAULT_COMPETITORS } from '../src-main/core/nlp/default-competitors';
import { compileLexicon, featurizeBatch } from '../src-main/core/nlp/featurize';
import { createHintEngine } from '../src-main/core/hints/hint-engine';
import type { Playbook } from '../src-shared/ipc/playbooks';
import type { ObjectionType, SpokenLanguage } from '../src-shared/taxonomy';

const rows = fs
  .readFileSync(path.resolve('training/data/objections.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; label: string; split: string });
const texts = rows.map((r) => r.text);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const report = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(44)} n=${String(xs.length).padStart(5)}  p50 ${pct(xs, 50).toFixed(3)} ms  p95 ${pct(xs, 95).toFixed(3)} ms  max ${Math.max(...xs).toFixed(3)} ms`);

async function main(): Promise<void> {
  let t = performance.now();
  const analyzer = await createAnalyzer();
  console.log(`load both models                              ${(performance.now() - t).toFixed(1)} ms`);

  const config = JSON.parse(fs.readFileSync('models/objection/config.json', 'utf8')) as { featurizer: { dim: number; charMin: number; charMax: number; lexiconWeight: number } };
  const lexicon = compileLexicon(JSON.parse(fs.readFileSync('models/objection/lexicon.json', 'utf8')) as Record<string, unknown>);
  const feat: number[] = [];
  for (const text of texts) {
    t = performance.now();
    featurizeBatch([text], config.featurizer, lexicon);
    feat.push(performance.now() - t);
  }
  report('featurise (objection model, main thread)', feat);

  const detect = createCompetitorDetector(DEFAULT_COMPETITORS);
  const comp: number[] = [];
  for (const text of texts) {
    t = performance.now();
    detect(text);
    comp.push(performance.now() - t);
  }
  report('competitor detector (8 battlecards)', comp);

  for (const text of texts.slice(0, 20)) await analyzer.analyze(text); // warm-up
  const full: number[] = [];
  for (const text of texts) {
    t = performance.now();
    await analyzer.analyze(text);
    full.push(performance.now() - t);
  }
  report('analyze() final utterance', full);

  // Partial transcripts: every growing word prefix of each utterance.
  const partial: number[] = [];
  for (const text of texts) {
    const words = text.split(/\s+/);
    for (let k = 1; k <= words.length; k++) {
      t = performance.now();
      await analyzer.analyze(words.slice(0, k).join(' '));
      partial.push(performance.now() - t);
    }
  }
  report('analyze() partial (each word prefix)', partial);

  // The partial gate as the live path runs it: the hint engine (its defaults) sees every
  // growing prefix of each held-out utterance as a partial, then the whole utterance as the
  // final. Reported: how many `none` utterances raise a hint from a partial (a false hint the
  // rep sees while the customer is still talking), from the final, and how many objections
  // get their hint from a partial (early) with the right label.
  const held = rows.filter((r) => r.split === 'test');
  const playbook = (type: ObjectionType, language: SpokenLanguage): Playbook => ({
    id: `pb-${type}-${language}`, objectionType: type, language, title: type, replies: ['reply'], origin: 'bundled', updatedAt: 0, hasDefault: true, active: true,
  });
  const gate = { none: 0, noneFromPartial: 0, noneFromFinal: 0, objections: 0, earlyRight: 0, earlyWrong: 0 };
  let key = 0;
  for (const row of held) {
    const engine = createHintEngine({ playbook, battlecard: () => null });
    const words = row.text.split(/\s+/);
    const utteranceKey = `u${key++}`;
    let fired: { trigger: string; fromPartial: boolean } | null = null;
    for (let k = 1; k <= words.length && !fired; k++) {
      const fromPartial = k < words.length;
      const analysis = await analyzer.analyze(words.slice(0, k).join(' '));
      const d = engine.consider({ analysis, speaker: 'customer', fromPartial, utteranceKey, atMs: 0, language: 'auto' });
      if (d) fired = { trigger: d.trigger, fromPartial: d.fromPartial };
    }
    if (row.label === 'none') {
      gate.none++;
      if (fired?.fromPartial) gate.noneFromPartial++;
      else if (fired) gate.noneFromFinal++;
    } else {
      gate.objections++;
      if (fired?.fromPartial && fired.trigger === row.label) gate.earlyRight++;
      else if (fired?.fromPartial) gate.earlyWrong++;
    }
  }
  const pc = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
  console.log(`partial gate (hint engine defaults, ${held.length} held-out utterances, every word prefix):`);
  console.log(`  none utterances with a hint from a partial ${pc(gate.noneFromPartial, gate.none)}, from the final ${pc(gate.noneFromFinal, gate.none)} (of ${gate.none})`);
  console.log(`  objections hinted from a partial: right label ${pc(gate.earlyRight, gate.objections)}, wrong label ${pc(gate.earlyWrong, gate.objections)} (of ${gate.objections})`);

  // Event-loop blocking: how long the main thread is busy per call (featurise + competitors).
  let blocked = 0;
  const timer = setInterval(() => undefined, 1);
  t = performance.now();
  await Promise.all(texts.slice(0, 200).map((x) => analyzer.analyze(x)));
  blocked = performance.now() - t;
  clearInterval(timer);
  console.log(`200 concurrent analyze() calls                ${blocked.toFixed(1)} ms total (${(blocked / 200).toFixed(3)} ms each)`);
  await analyzer.close();
}

void main();
