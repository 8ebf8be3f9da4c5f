/**
 * The text-intelligence layer: one call gives sentiment, objections and competitor mentions
 * for an utterance (final or partial). Both models are the project's own ONNX classifiers
 * (models/objection, models/sentiment; see docs/models/) run by onnxruntime-node; their
 * `session.run` is asynchronous on ONNX Runtime's threads, and featurisation costs well under
 * a millisecond (bench/nlp.bench.ts), so no worker thread is needed and the same call serves
 * streaming partial transcripts.
 */
import path from 'node:path';
import { OBJECTION_TYPES, type ObjectionType } from '../../../src-shared/taxonomy';
import { CoreError } from '../../../src-shared/errors';
import { createCompetitorDetector, type Battlecard } from './competitors';
import { DEFAULT_COMPETITORS } from './default-competitors';
import { detectLanguage } from './language';
import { loadLinearTextModel, type LinearTextModel } from './linear-model';
import { resolveModelsDir } from './models-dir';
import type { Analysis, Analyzer, SentimentLabel } from './types';

export type AnalyzerOptions = {
  /** Competitors to watch; the bundled default list when absent or empty. */
  battlecards?: Battlecard[];
  /** Folder holding objection/ and sentiment/; found automatically when absent. */
  modelsDir?: string;
  /** Minimum objection confidence; the calibrated value in models/objection/config.json by default. */
  objectionThreshold?: number;
  /** Language when detection is undecided (Brazil is the first market). */
  fallbackLanguage?: 'pt' | 'en';
};

const SENTIMENT_LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive'];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function checkLabels(model: LinearTextModel, expected: readonly string[], file: string): void {
  const labels = model.config.labels;
  if (labels.length !== expected.length || !expected.every((l) => labels.includes(l))) {
    throw new CoreError('unavailable', `model file is corrupt (unexpected labels ${labels.join(',')}): ${file}`);
  }
}

export async function createAnalyzer(options: AnalyzerOptions = {}): Promise<Analyzer> {
  const dir = resolveModelsDir(options.modelsDir);
  const [objection, sentiment] = await Promise.all([loadLinearTextModel(path.join(dir, 'objection')), loadLinearTextModel(path.join(dir, 'sentiment'))]);
  checkLabels(objection, [...OBJECTION_TYPES, 'none'], path.join(dir, 'objection', 'config.json'));
  checkLabels(sentiment, SENTIMENT_LABELS, path.join(dir, 'sentiment', 'config.json'));
  const threshold = options.objectionThreshold ?? objection.config.threshold ?? 0.5;
  const objLabels = objection.config.labels;
  const sentIndex = (l: SentimentLabel) => sentiment.config.labels.indexOf(l);
  let detect = createCompetitorDetector(options.battlecards?.length ? options.battlecards : DEFAULT_COMPETITORS);

  const analyzer: Analyzer = {
    async analyze(text, opts) {
      if (typeof text !== 'string') throw new CoreError('bad_request', 'text to analyse must be a string');
      const clean = text.trim();
      const language = opts?.language ?? detectLanguage(clean, options.fallbackLanguage ?? 'pt');
      if (!clean) return { text, language, sentiment: { label: 'neutral', score: 0 }, objections: [], competitors: [] };
      const [[objProbs], [sentProbs]] = await Promise.all([objection.predict([clean]), sentiment.predict([clean])]);
      const o = objProbs!;
      const s = sentProbs!;
      // Same decision rule the metrics were computed with: the top class decides whether there
      // is an objection at all; other objections above the threshold ride along.
      let top = 0;
      for (let i = 1; i < o.length; i++) if (o[i]! > o[top]!) top = i;
      const objections: Analysis['objections'] = [];
      if (objLabels[top] !== 'none' && o[top]! >= threshold) {
        objLabels.forEach((label, i) => {
          if (label !== 'none' && o[i]! >= threshold) objections.push({ type: label as ObjectionType, confidence: round3(o[i]!) });
        });
        objections.sort((a, b) => b.confidence - a.confidence);
      }
      let best = 0;
      for (let i = 1; i < s.length; i++) if (s[i]! > s[best]!) best = i;
      const score = round3(s[sentIndex('positive')]! - s[sentIndex('negative')]!);
      return {
        text,
        language,
        sentiment: { label: sentiment.config.labels[best] as SentimentLabel, score },
        objections,
        competitors: detect(clean),
      };
    },
    setBattlecards(cards) {
      detect = createCompetitorDetector(cards.length ? cards : DEFAULT_COMPETITORS);
    },
    async close() {
      await Promise.all([objection.close(), sentiment.close()]);
    },
  };
  return analyzer;
}
