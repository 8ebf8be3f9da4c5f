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

  // Partial-transcript gating, on held-out rows: how often a prefix of a `none` utterance fires
  // an objection (a wrong hint) and how early an objection's prefix reaches its class, per
  // confidence gate. Helps the hint engine pick its partial threshold.
  const held = rows.filter((r) => r.split !== 'train');
  for (const gate of [0.2, 0.5, 0.7, 0.8, 0.9]) {
    let nonePrefixes = 0;
    let wrongFires = 0;
    let early = 0;
    let objections = 0;
    for (const row of held) {
      const words = row.text.split(/\s+/);
      if (row.label === 'none') {
        for (let k = 1; k < words.length; k++) {
          nonePrefixes++;
          if (((await analyzer.analyze(words.slice(0, k).join(' '))).objections[0]?.confidence ?? 0) >= gate) wrongFires++;
        }
      } else {
        objections++;
        for (let k = 1; k < words.length; k++) {
          const top = (await analyzer.analyze(words.slice(0, k).join(' '))).objections[0];
          if (top && top.confidence >= gate && top.type === row.label) {
            early++;
            break;
          }
        }
      }
    }
    console.log(`partial gate ${gate.toFixed(1)}: none-prefixes firing ${((100 * wrongFires) / nonePrefixes).toFixed(1)}%  objections caught before last word ${((100 * early) / objections).toFixed(1)}%`);
  }

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
