/**
 * Loads one of the project's text classifiers (models/<name>/: config.json, model.onnx, an
 * optional lexicon) and runs it with onnxruntime-node. `session.run` is asynchronous and
 * executes on ONNX Runtime's own threads, so the caller's event loop only pays for the
 * featurisation (measured in bench/nlp.bench.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { CoreError } from '../../../src-shared/errors';
import { compileLexicon, featurizeBatch, type FeaturizerConfig, type LexiconPattern } from './featurize';

const ModelConfig = z.object({
  name: z.string(),
  version: z.string(),
  labels: z.array(z.string()).min(2),
  featurizer: z.object({
    dim: z.number().int().positive(),
    charMin: z.number().int().positive(),
    charMax: z.number().int().positive(),
    lexicon: z.string().optional(),
    lexiconWeight: z.number().optional(),
  }),
  threshold: z.number().min(0).max(1).optional(),
  input: z.string(),
  output: z.string(),
});
export type ModelConfig = z.infer<typeof ModelConfig>;

export type LinearTextModel = {
  config: ModelConfig;
  /** One probability row (config.labels order) per text. */
  predict(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
};

const readJson = (file: string): unknown => {
  if (!fs.existsSync(file)) throw new CoreError('unavailable', `model file missing: ${file}`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    throw new CoreError('unavailable', `model file is corrupt (not JSON): ${file}`);
  }
};

export async function loadLinearTextModel(dir: string): Promise<LinearTextModel> {
  const configFile = path.join(dir, 'config.json');
  const parsed = ModelConfig.safeParse(readJson(configFile));
  if (!parsed.success) throw new CoreError('unavailable', `model file is corrupt (bad config): ${configFile}`);
  const config = parsed.data;
  let lexicon: LexiconPattern[] | undefined;
  if (config.featurizer.lexicon) {
    const lexiconFile = path.join(dir, config.featurizer.lexicon);
    lexicon = compileLexicon(readJson(lexiconFile) as Record<string, unknown>);
  }
  const modelFile = path.join(dir, 'model.onnx');
  if (!fs.existsSync(modelFile)) throw new CoreError('unavailable', `model file missing: ${modelFile}`);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(fs.readFileSync(modelFile), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch {
    throw new CoreError('unavailable', `model file is corrupt (ONNX Runtime cannot load it): ${modelFile}`);
  }
  const featurizer: FeaturizerConfig = config.featurizer;
  const k = config.labels.length;
  return {
    config,
    async predict(texts) {
      if (texts.length === 0) return [];
      const features = new ort.Tensor('float32', featurizeBatch(texts, featurizer, lexicon), [texts.length, featurizer.dim]);
      const result = await session.run({ [config.input]: features });
      const probs = result[config.output]?.data as Float32Array | undefined;
      if (!probs || probs.length !== texts.length * k) throw new CoreError('internal', `model ${config.name} returned an unexpected output`);
      return texts.map((_, row) => probs.slice(row * k, row * k + k));
    },
    close: () => session.release(),
  };
}
